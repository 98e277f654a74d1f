# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %%
out = model.forward(X)  # dlfault: ignore[DLF-A005, DLF-Q123]  # expect: DLF-A201

# %%
# dlfault: ignore[forward-caled-directly]  # expect: DLF-A201
out = model.forward(X)  # expect: DLF-A005

# %%
n = len(X)  # dlfault: ignore[]  # expect: DLF-A201
