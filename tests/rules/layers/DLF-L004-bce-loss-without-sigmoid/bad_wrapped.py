# %%
import torch
from torch import nn

torch.manual_seed(0)
model = nn.DataParallel(nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1)))
loss_fn = nn.BCELoss()


# %% expect: DLF-L004
def train_step(x, y):
    out = model(x).squeeze(1)
    return loss_fn(out, y)
