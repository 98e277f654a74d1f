# %%
import torch
from torch import nn

# %% expect: DLF-L002
model = nn.Sequential(nn.Linear(784, 256), nn.Dropout(0.2), nn.Linear(256, 10))
