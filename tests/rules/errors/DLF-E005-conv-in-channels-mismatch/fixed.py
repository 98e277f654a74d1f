# %%
import torch
from torch import nn

gray = torch.rand(8, 1, 28, 28)
net = nn.Sequential(
    nn.Conv2d(3, 16, 3), nn.ReLU(),
    nn.Conv2d(16, 8, 3),   # in_channels = previous out_channels  dlfault-fix
)

# %%
out = net(gray.repeat(1, 3, 1, 1))  # dlfault-fix

# %%
rgb = torch.rand(8, 3, 28, 28)
out = net(rgb)
