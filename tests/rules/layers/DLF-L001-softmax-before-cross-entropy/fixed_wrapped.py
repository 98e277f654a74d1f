# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))   # no DataParallel on one device (DLF-G003)
loss_fn = nn.CrossEntropyLoss()
x, y = torch.randn(8, 20), torch.randint(0, 3, (8,))
loss = loss_fn(model(x), y)              # raw logits in  dlfault-fix
