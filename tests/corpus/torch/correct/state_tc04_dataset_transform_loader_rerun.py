# corpus: correct set=state
# Normalisation happens inside the Dataset's __getitem__ (statistics computed once from the
# raw training tensor, raw tensors never rewritten), and the loaders are built from those
# datasets in one cell. Re-running the loader cell and the plotting cell (done here) rebuilds
# the same objects; the training cell then uses the current loaders, and evaluation uses
# eval()/no_grad. Cf. 0539edu.com/news/596753 (keep derived objects rebuilt from the source).
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

rng = np.random.default_rng(11)
n = 800
area = rng.uniform(30, 250, n)
rooms = rng.integers(1, 7, n)
year = rng.uniform(1950, 2020, n)
price = 2.0 * area + 15 * rooms + 0.5 * (year - 1950) + rng.normal(0, 10, n)
X_raw = torch.tensor(np.column_stack([area, rooms, year]), dtype=torch.float32)
y_raw = torch.tensor((price - price.mean()) / price.std(), dtype=torch.float32).unsqueeze(1)
MEAN, STD = X_raw[:640].mean(0), X_raw[:640].std(0)

class HouseDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        return (self.X[i] - MEAN) / STD, self.y[i]

# %% loaders
train_loader = DataLoader(HouseDS(X_raw[:640], y_raw[:640]), batch_size=64, shuffle=True)
val_loader = DataLoader(HouseDS(X_raw[640:], y_raw[640:]), batch_size=256)

# %% look at one batch
xb, yb = next(iter(train_loader))
fig, ax = plt.subplots()
ax.scatter(xb[:, 0], yb[:, 0], s=5)
ax.set_xlabel("area (standardised)")

# %% loaders
train_loader = DataLoader(HouseDS(X_raw[:640], y_raw[:640]), batch_size=64, shuffle=True)
val_loader = DataLoader(HouseDS(X_raw[640:], y_raw[640:]), batch_size=256)

# %% look at one batch
xb, yb = next(iter(train_loader))
fig, ax = plt.subplots()
ax.scatter(xb[:, 0], yb[:, 0], s=5)
ax.set_xlabel("area (standardised)")

# %% model and training
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()
for epoch in range(20):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    val = sum(loss_fn(model(xb), yb).item() * len(xb) for xb, yb in val_loader) / 160
print("val mse", val)
