# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(1000, 8)
y = torch.cat([torch.zeros(960), torch.ones(40)]).long()   # 24 : 1
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
counts = torch.bincount(y.long().flatten())  # dlfault-fix
weights = counts.sum() / (len(counts) * counts.clamp(min=1).float())  # dlfault-fix
loss_fn = nn.CrossEntropyLoss(weight=weights)  # dlfault-fix

# %%
train_ds = torch.utils.data.TensorDataset(X, y)
