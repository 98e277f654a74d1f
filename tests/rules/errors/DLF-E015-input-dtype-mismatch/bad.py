# %%
import numpy as np
import torch
from torch import nn

features = torch.from_numpy(np.linspace(0, 1, 40).reshape(10, 4))  # float64
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
conv = nn.Conv2d(1, 2, 3)
pix = torch.randint(0, 256, (2, 1, 8, 8), generator=torch.Generator().manual_seed(0))  # seeded

# %%
pred = model(features)  # expect: DLF-E015

# %%
maps = conv(pix)  # expect: DLF-E015

# %%
bce = nn.BCELoss()
p = torch.sigmoid(model(features.float()))
t = torch.from_numpy(np.ones((10, 1)))
loss = bce(p, t)  # expect: DLF-E015
