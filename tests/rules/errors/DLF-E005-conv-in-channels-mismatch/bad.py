# %%
import torch
from torch import nn

gray = torch.rand(8, 1, 28, 28)
net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(32, 8, 3))

# %%
out = net(gray)  # expect: DLF-E005

# %%
rgb = torch.rand(8, 3, 28, 28)
out = net(rgb)  # expect: DLF-E005
