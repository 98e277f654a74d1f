# %%
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(11)
grid = torch.randn(4096, 6)
heat = grid @ torch.randn(6, 1) * 3.0
fitter = nn.Sequential(nn.Linear(6, 48), nn.ReLU(), nn.Linear(48, 1))
step = torch.optim.SGD(fitter.parameters(), lr=0.02)
bs = 256

# %%
for start in range(0, 4096, bs):
    step.zero_grad()
    sq = F.mse_loss(fitter(grid[start:start + bs]), heat[start:start + bs], reduction="sum")  # expect: DLF-T186
    sq.backward()
    step.step()
