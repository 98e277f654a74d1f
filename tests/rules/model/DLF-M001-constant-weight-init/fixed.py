# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
# the zeros_ calls dropped; model[0] initialised as the fix shows
nn.init.kaiming_uniform_(model[0].weight, nonlinearity="relu")  # dlfault-fix
if model[0].bias is not None:  # dlfault-fix
    nn.init.zeros_(model[0].bias)   # zero biases are fine  dlfault-fix
