# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.BCEWithLogitsLoss()  # dlfault-fix
x, y = torch.randn(4, 8), torch.ones(4, 1)
loss = loss_fn(model(x), y)              # logits in  dlfault-fix
probs = torch.sigmoid(model(x))         # for predictions only  dlfault-fix
