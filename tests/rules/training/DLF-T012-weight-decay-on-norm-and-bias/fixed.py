# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16, bias=False), nn.BatchNorm1d(16), nn.ReLU(),
                      nn.Linear(16, 2))

# %%
decay, no_decay = [], []  # dlfault-fix
for name, p in model.named_parameters():  # dlfault-fix
    if not p.requires_grad:  # dlfault-fix
        continue  # dlfault-fix
    (no_decay if p.ndim < 2 else decay).append(p)   # norms and biases have ndim 1  dlfault-fix
optimizer = torch.optim.SGD([  # dlfault-fix
    {"params": decay, "weight_decay": 0.0005},  # dlfault-fix
    {"params": no_decay, "weight_decay": 0.0},  # dlfault-fix
], lr=0.1, momentum=0.9)
