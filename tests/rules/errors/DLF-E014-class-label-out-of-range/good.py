# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 5))
X = torch.rand(20, 8)
targets = torch.arange(20) % 5 + 1
loss_fn = nn.CrossEntropyLoss()

# %%
loss = loss_fn(model(X), targets - 1)
