# corpus: correct
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(3)
data = rng.normal(loc=[100, 0.5, 20], scale=[30, 0.1, 5], size=(400, 3))   # float64
target = data @ np.array([0.01, 2.0, 0.05]) + rng.normal(0, 0.1, 400)
mean, std = data.mean(axis=0), data.std(axis=0)
data = (data - mean) / std
y_mean, y_std = target.mean(), target.std()
X = torch.from_numpy(data).float()
y = torch.from_numpy((target - y_mean) / y_std).float().unsqueeze(1)
print(X.dtype, X.mean(0), X.std(0))

# %%
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.MSELoss()
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    print(epoch, loss.item())
