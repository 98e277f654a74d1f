# %%
import torch
from torch import nn

# %%
cnn = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(8 * 14 * 14, 10),
)
gap = nn.Sequential(
    nn.Conv2d(3, 16, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
    nn.Flatten(1), nn.Dropout(0.2), nn.Linear(16, 4),
)
# a 1-D convolution over sequences followed by a per-step projection is not flagged
seq = nn.Sequential(nn.Conv1d(4, 8, 3, padding=1), nn.ReLU())
