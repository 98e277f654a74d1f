# %%
import torch
from torch import nn

torch.manual_seed(14)
w = nn.Linear(2, 1)
opt = torch.optim.Adam(w.parameters(), lr=0.01)
cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max")

# %%
for ep in range(4):
    opt.zero_grad()
    w(torch.ones(3, 2)).pow(2).mean().backward()
    opt.step()
    cosine.step()
    plateau.step(metrics=0.5 + ep)
