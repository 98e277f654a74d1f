# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 6))
X = torch.rand(20, 8)
targets = torch.arange(20) % 6
loss = nn.functional.cross_entropy(model(X), targets)
