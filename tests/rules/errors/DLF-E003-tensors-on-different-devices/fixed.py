# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
xb = torch.rand(16, 4)

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")  # dlfault-fix
model = model.to(device)          # once, before creating the optimizer  dlfault-fix
xb = xb.to(device)   # every batch, inside the loop  dlfault-fix
out = model(xb)

# %%
x, y = torch.rand(16, 4), torch.rand(16, 2)
x, y = x.to(device), y.to(device)   # every batch, inside the loop  dlfault-fix
out = model(x)
