# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(2_000, 2_000, device="meta"), nn.ReLU(),
                      nn.Linear(2_000, 10, device="meta"))
