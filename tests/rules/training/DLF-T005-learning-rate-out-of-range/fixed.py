# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %%
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)   # was lr=10  dlfault-fix

# %%
slow = torch.optim.SGD(model.parameters(), lr=0.01)   # was lr=1e-09  dlfault-fix
