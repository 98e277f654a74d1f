# %%
import torch
from torch import nn

X = torch.rand(8, 3)
y = torch.rand(8, 1)
model = nn.Linear(3, 1)
loss_fn = nn.MSELoss()

# %%
loss = loss_fn(model(X), y)  # dlfault-fix
loss.backward()

# %%
err = loss_fn(model(X), y)  # dlfault-fix
err.backward()
