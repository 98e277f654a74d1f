# %%
import torch
from torch import nn

# %% expect: DLF-L006
model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16), nn.ReLU())
