# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))   # no DataParallel on one device (DLF-G003)
loss_fn = nn.BCEWithLogitsLoss()
x, y = torch.randn(4, 8), torch.ones(4, 1)
loss = loss_fn(model(x), y)              # logits in  dlfault-fix
