# %%
import torch
from torch import nn

gray = torch.rand(8, 1, 28, 28)
net = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.Conv2d(16, 8, 3))

# %%
out = net(gray)
