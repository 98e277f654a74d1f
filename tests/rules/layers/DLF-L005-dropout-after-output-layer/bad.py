# %%
import torch
from torch import nn

# %% expect: DLF-L005
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 5), nn.Dropout(0.5))
