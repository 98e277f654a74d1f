# %%
import torch
from torch import nn

torch.manual_seed(1)
feats = torch.randn(96, 6)
target = feats.sum(dim=1, keepdim=True)
regressor = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 1))
sgd = torch.optim.SGD(regressor.parameters(), lr=0.01)

# %%
for start in range(0, 96, 24):
    sgd.zero_grad()
    err = nn.functional.mse_loss(regressor(feats[start:start + 24]), target[start:start + 24])
    err.backward()
    nn.utils.clip_grad_value_(regressor.parameters(), clip_value=0.5)  # dlfault-fix
    sgd.step()
