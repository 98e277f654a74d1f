# %%
import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(1, 4, 3, bias=False), nn.BatchNorm2d(4), nn.ReLU())
model.eval()
img = torch.rand(1, 28, 28)  # one image (C, H, W)
pixels = torch.rand(28, 28)

# %%
with torch.no_grad():
    out = model(img.unsqueeze(0))   # add the batch axis  dlfault-fix

# %%
with torch.no_grad():
    out = model(pixels[None, None])   # (H, W) -> (1, 1, H, W)  dlfault-fix
