# %%
import torch
from torch import nn

encoder = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())

# %%
target = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
encoder = encoder.to(target)
if torch.cuda.is_available():
    encoder = encoder.cuda()
images = torch.rand(4, 3, 16, 16, device=target)
