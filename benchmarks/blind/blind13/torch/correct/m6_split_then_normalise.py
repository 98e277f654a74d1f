# corpus: correct set=modern area=6
# (blind 2026-12-07) Split first with random_split, compute normalisation statistics from the training subset only, apply them to both subsets. https://scikit-learn.org/stable/common_pitfalls.html#data-leakage
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, random_split, DataLoader

torch.manual_seed(0)
X = torch.randn(1000, 8) * torch.tensor([1, 10, 100, 1, 1, 5, 1, 1.0]) + 3
y = (X[:, 0] + X[:, 1] / 10 > 3.5).long()
train_idx, val_idx = random_split(range(1000), [800, 200], generator=torch.Generator().manual_seed(0))
train_idx, val_idx = list(train_idx), list(val_idx)

# %%
mean, std = X[train_idx].mean(0), X[train_idx].std(0)
Xn = (X - mean) / std
train_ds = TensorDataset(Xn[train_idx], y[train_idx])
xv, yv = Xn[val_idx], y[val_idx]

# %%
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(10):
    model.train()
    for xb, yb in DataLoader(train_ds, batch_size=64, shuffle=True):
        opt.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()
model.eval()
with torch.no_grad():
    print("val acc", (model(xv).argmax(1) == yv).float().mean().item())
