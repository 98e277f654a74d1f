# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %%
optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-8)  # dlfault-fix
