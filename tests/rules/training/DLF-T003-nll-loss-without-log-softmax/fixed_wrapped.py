# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))   # no DataParallel on one device (DLF-G003)
loss_fn = nn.CrossEntropyLoss()          # takes raw logits  dlfault-fix

# %%
loss = loss_fn(model(X), y)
