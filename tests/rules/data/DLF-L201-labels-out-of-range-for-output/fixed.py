# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(100, 4)
y = torch.randint(1, 4, (100,))   # classes numbered 1, 2, 3
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
loss_fn = nn.CrossEntropyLoss()

# %%
y = y - 1  # the labels are numbered from 1: shift them to start at 0  dlfault-fix
train_ds = torch.utils.data.TensorDataset(X, y)
