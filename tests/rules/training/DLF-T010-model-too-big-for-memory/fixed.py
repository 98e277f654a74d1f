# %%
import torch
from torch import nn

# %%
# a narrower first layer: 200,000 inputs to 100 units instead of 200,000
model = nn.Sequential(nn.Linear(200_000, 100, device="meta"), nn.ReLU(),
                      nn.Linear(100, 10, device="meta"))
for p in list(model.parameters())[:-2]:   # all but the last layer's weight and bias  dlfault-fix
    p.requires_grad_(False)  # dlfault-fix
