# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(5)
X = rng.normal(size=(600, 6)).astype(np.float32)
raw_type = np.digitize(X[:, 0] + 0.8 * X[:, 1], [-1.2, 0.9, 1.6])

# %%
y = np.where(raw_type >= 2, 2, raw_type)

# %%
counts = np.bincount(y)
class_w = torch.tensor(len(y) / (len(counts) * counts), dtype=torch.float32)
criterion = nn.CrossEntropyLoss(weight=class_w)

# %%
y = np.where(raw_type <= 1, 0, raw_type - 1)
counts = np.bincount(y)  # dlfault-fix
class_weights = torch.tensor(len(y) / (len(counts) * counts), dtype=torch.float32)  # dlfault-fix
criterion = nn.CrossEntropyLoss(weight=class_weights)   # after the cell that changes y  dlfault-fix

# %%
torch.manual_seed(0)
y_t = torch.from_numpy(y).long()
model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3))
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(20):
    opt.zero_grad()
    loss = criterion(model(torch.from_numpy(X)), y_t)
    loss.backward()
    opt.step()
