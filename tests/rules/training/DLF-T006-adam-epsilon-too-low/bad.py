# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %% expect: DLF-T006
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-16)
