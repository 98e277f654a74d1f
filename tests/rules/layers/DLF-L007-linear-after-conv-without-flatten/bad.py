# %%
import torch
from torch import nn

# %% expect: DLF-L007
cnn = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Linear(8 * 14 * 14, 10),
)
