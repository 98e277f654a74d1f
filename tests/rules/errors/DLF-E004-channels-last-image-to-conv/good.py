# %%
import torch
from torch import nn

images = torch.rand(8, 32, 32, 3).permute(0, 3, 1, 2)  # (N, C, H, W)
net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                    nn.Flatten(), nn.Linear(16, 10))

# %%
scores = net(images)
