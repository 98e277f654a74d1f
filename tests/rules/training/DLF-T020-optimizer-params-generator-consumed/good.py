# %%
import torch
from torch import nn

torch.manual_seed(1)
net = nn.Sequential(nn.Conv1d(2, 4, 3), nn.Tanh(), nn.Flatten(), nn.Linear(24, 3))

# %%
weights = list(net.parameters())
for w in weights:
    print(tuple(w.shape))
print(sum(w.numel() for w in weights))
opt = torch.optim.SGD(weights, lr=0.05, momentum=0.9)

# %%
params = net.parameters()
opt2 = torch.optim.Adam(params, lr=1e-3)
n_params = sum(p.numel() for p in net.parameters())
gen = net.parameters()
print(sum(p.numel() for p in gen))
gen = net.parameters()
opt3 = torch.optim.SGD(gen, lr=0.1)
