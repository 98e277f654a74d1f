# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(0)
income = rng.normal(50_000, 20_000, 256)
rate = rng.normal(0.05, 0.01, 256)
age = rng.normal(40, 12, 256)
X = torch.tensor(np.stack([income, rate, age], axis=1), dtype=torch.float32)
y = torch.tensor(rng.integers(0, 2, 256))
mean, std = X.mean(axis=0), X.std(axis=0) + 1e-8   # training statistics  dlfault-fix
X = (X - mean) / std  # dlfault-fix
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=64)
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 2))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters())

# %%
for xb, yb in loader:
    opt.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()
