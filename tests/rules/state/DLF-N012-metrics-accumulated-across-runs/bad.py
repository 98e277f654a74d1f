# %%
import torch
from torch import nn

torch.manual_seed(1)
X = torch.randn(200, 8)
y = X[:, :1] * 2
val_losses = []

# %%
model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
mse = nn.MSELoss()
for epoch in range(10):
    model.train()
    optimizer.zero_grad()
    mse(model(X), y).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        val_losses.append(mse(model(X), y).item())

# %%
model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %% expect: DLF-N012
mse = nn.MSELoss()
for epoch in range(10):
    model.train()
    optimizer.zero_grad()
    mse(model(X), y).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        val_losses.append(mse(model(X), y).item())
