# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))
# depthwise-separable convolution: no activation between depthwise and pointwise is normal
sep = nn.Sequential(nn.Conv2d(8, 8, 3, groups=8), nn.Conv2d(8, 16, 1), nn.ReLU())
