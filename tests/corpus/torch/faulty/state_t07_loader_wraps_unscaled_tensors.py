# corpus: expect=training.preprocessing set=state also=tensors.input
# The user builds TensorDataset/DataLoader from the raw feature tensor, then adds a cell that
# standardises X_train / X_test (re-binding the names) and goes straight to training. The
# DataLoader still wraps the old, unscaled tensor, so the model trains on raw features (values
# in the thousands) and is evaluated on standardised ones.
# Sources: 0539edu.com/news/596753 "Jupyter Notebook单元格执行顺序陷阱提醒" (changed preprocessing,
# training result unchanged because the old object is still used); Pimentel et al. MSR 2019.
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(11)
n = 800
area = rng.uniform(30, 250, n)
rooms = rng.integers(1, 7, n)
year = rng.uniform(1950, 2020, n)
price = 2.0 * area + 15 * rooms + 0.5 * (year - 1950) + rng.normal(0, 10, n)
X = np.column_stack([area, rooms, year]).astype(np.float32)
y = ((price - price.mean()) / price.std()).astype(np.float32)[:, None]
X_train, X_test = torch.from_numpy(X[:640]), torch.from_numpy(X[640:])
y_train, y_test = torch.from_numpy(y[:640]), torch.from_numpy(y[640:])

# %% data loader
train_ds = TensorDataset(X_train, y_train)
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
len(train_loader)

# %% standardise features
mean, std = X_train.mean(0), X_train.std(0)
X_train = (X_train - mean) / std
X_test = (X_test - mean) / std

# %% model and training
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
for epoch in range(15):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
print("last batch loss", loss.item())

# %% test
model.eval()
with torch.no_grad():
    print("test mse", loss_fn(model(X_test), y_test).item())
