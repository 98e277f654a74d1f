# %%
import warnings

import torch
import torch.nn.functional as F
from torch import nn

warnings.simplefilter("ignore")
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
X = torch.randn(8, 4)

# %%
x = X   # a tensor needs no wrapper  dlfault-fix
with torch.no_grad():   # dlfault-fix
    h = torch.sigmoid(model(x))
loss_fn = nn.CrossEntropyLoss(reduction="sum")  # dlfault-fix
img = torch.randn(1, 3, 4, 4)
big = F.interpolate(img, scale_factor=2, mode="nearest")  # dlfault-fix
r = torch.arange(0, 3 + 1)   # arange excludes the end: + step keeps the same values  dlfault-fix
