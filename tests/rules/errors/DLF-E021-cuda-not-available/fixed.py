# %%
import torch
from torch import nn

encoder = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())

# %%
device = "cuda" if torch.cuda.is_available() else "cpu"  # dlfault-fix
encoder = encoder.to(device)  # dlfault-fix
images = torch.rand(4, 3, 16, 16)
