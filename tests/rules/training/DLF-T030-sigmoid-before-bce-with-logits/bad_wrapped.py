# %%
import torch
from torch import nn

# %% expect: DLF-T030
model = nn.DataParallel(nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1),
                                      nn.Sigmoid()))
loss_fn = nn.BCEWithLogitsLoss()
x, y = torch.randn(4, 8), torch.ones(4, 1)
loss = loss_fn(model(x), y)
