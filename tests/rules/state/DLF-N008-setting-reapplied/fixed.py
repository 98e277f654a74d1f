# %%
import torch
from torch import nn

model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
lr = 0.01

# %%
lr = 0.001   # an explicit value: running the cell again gives the same setting  dlfault-fix

# %%
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)   # an explicit value  dlfault-fix

# %%
lr = 0.001   # an explicit value: running the cell again gives the same setting  dlfault-fix

# %%
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)   # an explicit value  dlfault-fix
