# %%
import torch
from torch import nn

encoder = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())

# %%
encoder = encoder.to("cuda:0")  # expect: DLF-E021
images = torch.rand(4, 3, 16, 16)
