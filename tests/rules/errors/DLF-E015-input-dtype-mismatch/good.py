# %%
import numpy as np
import torch
from torch import nn

features = torch.from_numpy(np.linspace(0, 1, 40).reshape(10, 4)).float()
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
conv = nn.Conv2d(1, 2, 3)
pix = torch.randint(0, 256, (2, 1, 8, 8)).float() / 255

# %%
pred = model(features)
maps = conv(pix)
bce = nn.BCELoss()
loss = bce(torch.sigmoid(pred), torch.ones(10, 1))
