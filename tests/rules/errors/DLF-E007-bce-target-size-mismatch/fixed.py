# %%
import torch
from torch import nn

X = torch.rand(16, 5)
y = torch.randint(0, 2, (16,)).float()
clf = nn.Linear(5, 1)
criterion = nn.BCEWithLogitsLoss()

# %%
loss = criterion(clf(X), y.unsqueeze(1).float())  # dlfault-fix
# or: loss = criterion(clf(X).squeeze(1), y.float())
