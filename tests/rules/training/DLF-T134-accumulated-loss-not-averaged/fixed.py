# %%
import torch
from torch import nn

torch.manual_seed(5)
pts = torch.randn(200, 4)
vals = pts[:, :1] * 2.0 - pts[:, 1:2]
reg = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.SmoothL1Loss()
optim = torch.optim.SGD(reg.parameters(), lr=0.02)
grad_accum = 5

# %%
optim.zero_grad()
for b, i in enumerate(range(0, 200, 8)):
    piece = loss_fn(reg(pts[i:i + 8]), vals[i:i + 8])
    piece = piece / grad_accum  # dlfault-fix
    piece.backward()
    if (b + 1) % grad_accum == 0:
        optim.step()
        optim.zero_grad()
