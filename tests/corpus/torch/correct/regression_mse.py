# corpus: correct
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(1)
X_np = rng.uniform(-1, 1, size=(400, 3)).astype(np.float32)
y_np = (np.sin(X_np[:, 0]) + X_np[:, 1] ** 2 - X_np[:, 2]).astype(np.float32)
X = torch.from_numpy(X_np)
y = torch.from_numpy(y_np).unsqueeze(1)     # (N, 1), like the model's output
print(X.shape, y.shape)

# %%
model = nn.Sequential(nn.Linear(3, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)

# %%
for epoch in range(3):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 40):
        idx = perm[i:i + 40]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: mse {loss.item():.4f}")

# %%
model.eval()
with torch.no_grad():
    mae = (model(X) - y).abs().mean().item()
print("MAE:", round(mae, 3))
