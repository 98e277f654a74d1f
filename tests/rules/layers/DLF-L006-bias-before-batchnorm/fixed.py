# %%
import torch
from torch import nn

# %%
model = nn.Sequential(
    nn.Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), bias=False),      # bias=False: BatchNorm's beta is the bias  dlfault-fix
    nn.BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True),  # dlfault-fix
    nn.ReLU(),
)
