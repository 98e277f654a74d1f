# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from torch import nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

# %%
# California-housing-like synthetic data
rng = np.random.RandomState(42)
N = 800
data = pd.DataFrame({
    "MedInc": rng.lognormal(1.2, 0.5, N),
    "HouseAge": rng.uniform(1, 52, N),
    "AveRooms": rng.normal(5.4, 1.2, N),
    "Latitude": rng.uniform(32.5, 42, N),
    "Longitude": rng.uniform(-124, -114, N),
})
data["MedHouseVal"] = 0.45 * data.MedInc + 0.01 * data.HouseAge + rng.normal(0, 0.3, N)
print(data.shape)
data.describe()

# %%
features = data.drop("MedHouseVal", axis=1).to_numpy(dtype=np.float32)
target = data["MedHouseVal"].to_numpy(dtype=np.float32)

X_tr, X_val, y_tr, y_val = train_test_split(features, target, test_size=0.25, random_state=0)
sc = StandardScaler().fit(X_tr)
X_tr, X_val = sc.transform(X_tr), sc.transform(X_val)

X_tr = torch.from_numpy(X_tr).float()
X_val = torch.from_numpy(X_val).float()
y_tr = torch.from_numpy(y_tr).float().reshape(-1, 1)
y_val = torch.from_numpy(y_val).float().reshape(-1, 1)
print(X_tr.shape, y_tr.shape)

# %%
model = nn.Sequential(
    nn.Linear(5, 64),
    nn.ReLU(),
    nn.Linear(64, 32),
    nn.ReLU(),
    nn.Linear(32, 1),
)
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)

# %%
n_epochs = 3
batch_size = 50
history = []
for epoch in range(n_epochs):
    model.train()
    perm = torch.randperm(len(X_tr))
    for start in range(0, len(X_tr), batch_size):
        idx = perm[start:start + batch_size]
        X_batch, y_batch = X_tr[idx], y_tr[idx]
        y_pred = model(X_batch)
        loss = loss_fn(y_pred, y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        mse = loss_fn(model(X_val), y_val).item()
    history.append(mse)
    print(f"epoch {epoch}: val MSE {mse:.3f}  RMSE {np.sqrt(mse):.3f}")

# %%
plt.plot(history)
plt.xlabel("epoch"); plt.ylabel("val MSE")
plt.show()

# %%
model.eval()
with torch.no_grad():
    sample = X_val[:5]
    print(torch.cat([model(sample), y_val[:5]], dim=1))
