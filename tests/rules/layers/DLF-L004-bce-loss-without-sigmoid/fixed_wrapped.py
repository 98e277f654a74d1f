# %%
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))   # no DataParallel on one device (DLF-G003)
loss_fn = nn.BCEWithLogitsLoss()     # takes raw scores  dlfault-fix


# %%
def train_step(x, y):
    out = model(x).squeeze(1)
    return loss_fn(out, y)


# %%
loss = train_step(torch.randn(4, 8), torch.ones(4))
