# %%
import torch
from torch import nn

torch.manual_seed(1)
net = nn.Sequential(nn.Conv1d(2, 4, 3), nn.Tanh(), nn.Flatten(), nn.Linear(24, 3))

# %%
weights = net.parameters()
for w in weights:
    print(tuple(w.shape))
opt = torch.optim.SGD(weights, lr=0.05, momentum=0.9)  # expect: DLF-T020
