# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(9)
feats = torch.randn(240, 5)
score = feats @ torch.tensor([[1.0], [0.5], [0.0], [-1.0], [2.0]])
batches = DataLoader(TensorDataset(feats, score), batch_size=24)
mlp = nn.Sequential(nn.Linear(5, 10), nn.ReLU(), nn.Linear(10, 1))
sgd = torch.optim.SGD(mlp.parameters(), lr=0.05)
decay = torch.optim.lr_scheduler.MultiStepLR(sgd, milestones=[3, 6], gamma=0.1)  # epochs 3 and 6

# %%
for ep in range(8):
    for fb, sb in batches:
        sgd.zero_grad()
        nn.functional.mse_loss(mlp(fb), sb).backward()
        sgd.step()
    decay.step()  # dlfault-fix
