# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %%
out = model.forward(X)  # dlfault: ignore[DLF-A005]  (dlfault-fix)

# %%
# dlfault: ignore[forward-called-directly]
out = model.forward(X)

# %%
n = len(X)  # dlfault-fix
