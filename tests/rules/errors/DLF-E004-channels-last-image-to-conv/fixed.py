# %%
import torch
from torch import nn

images = torch.rand(8, 32, 32, 3)  # (N, H, W, C), as loaded from numpy / PIL
net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                    nn.Flatten(), nn.Linear(16, 10))

# %%
images = images.permute(0, 3, 1, 2)   # (N, H, W, C) -> (N, C, H, W)  dlfault-fix
out = net(images)  # dlfault-fix
