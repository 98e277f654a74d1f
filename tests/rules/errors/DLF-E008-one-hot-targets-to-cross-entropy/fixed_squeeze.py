# %%
import torch
from torch import nn

X = torch.rand(12, 6)
labels = (torch.arange(12) % 4).reshape(-1, 1)   # class indices read as a column: (12, 1)
model = nn.Linear(6, 4)
criterion = nn.CrossEntropyLoss()

# %%
loss = criterion(model(X), labels.squeeze(1))   # dlfault-fix
