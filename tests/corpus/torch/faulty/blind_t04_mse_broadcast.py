# corpus: expect=training.loss also=tensors.shape
# (blind probe, 2026-12-06) nn.MSELoss compares predictions of shape (N,1) with targets of shape (N,), silently broadcasting to (N,N), cell 4
# %% [markdown]
# House price regression with a small MLP

# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split

torch.manual_seed(7)

# %%
rng = np.random.default_rng(7)
df = pd.DataFrame({
    "sqft": rng.uniform(500, 4000, 600),
    "bedrooms": rng.integers(1, 6, 600),
    "age": rng.uniform(0, 80, 600),
    "dist_center": rng.uniform(0.5, 30, 600),
})
df["price"] = (150 * df.sqft + 10000 * df.bedrooms - 800 * df.age - 3000 * df.dist_center
               + rng.normal(0, 20000, 600)) / 1e5
X = df.drop(columns="price").values
y = df["price"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=7)
scaler = StandardScaler().fit(X_train)
X_train = torch.tensor(scaler.transform(X_train), dtype=torch.float32)
X_test = torch.tensor(scaler.transform(X_test), dtype=torch.float32)
y_train = torch.tensor(y_train, dtype=torch.float32)
y_test = torch.tensor(y_test, dtype=torch.float32)

# %%
model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

# %%
n_epochs = 3
batch_size = 32
for epoch in range(n_epochs):
    model.train()
    for start in range(0, len(X_train), batch_size):
        X_batch = X_train[start:start + batch_size]
        y_batch = y_train[start:start + batch_size]
        y_pred = model(X_batch)
        loss = loss_fn(y_pred, y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: last batch MSE {loss.item():.4f}")

# %%
model.eval()
with torch.no_grad():
    y_pred = model(X_test)
    mse = loss_fn(y_pred, y_test)
print("Test MSE: %.4f  RMSE: %.4f" % (mse.item(), np.sqrt(mse.item())))
