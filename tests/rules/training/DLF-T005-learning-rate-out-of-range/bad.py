# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %% expect: DLF-T005
optimizer = torch.optim.Adam(model.parameters(), lr=10)

# %% expect: DLF-T005
slow = torch.optim.SGD(model.parameters(), lr=1e-9)
