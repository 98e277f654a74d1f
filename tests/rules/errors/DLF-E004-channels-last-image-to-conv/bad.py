# %%
import torch
from torch import nn

images = torch.rand(8, 32, 32, 3)  # (N, H, W, C), as loaded from numpy / PIL
net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                    nn.Flatten(), nn.Linear(16, 10))

# %%
scores = net(images)  # expect: DLF-E004
