# %%
import torch
from torch import nn

# %%
cnn = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3, padding=1), nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False),  # dlfault-fix
    nn.Flatten(),          # (N, C, H, W) -> (N, C*H*W)  dlfault-fix
    nn.Linear(in_features=1568, out_features=10, bias=True),  # dlfault-fix
)
