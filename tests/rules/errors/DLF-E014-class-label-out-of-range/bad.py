# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 5))
X = torch.rand(20, 8)
targets = torch.arange(20) % 5 + 1  # labels counted from 1
loss_fn = nn.CrossEntropyLoss()

# %%
loss = loss_fn(model(X), targets)  # expect: DLF-E014

# %%
grades = torch.arange(20) % 7
loss = loss_fn(model(X), grades)  # expect: DLF-E014
