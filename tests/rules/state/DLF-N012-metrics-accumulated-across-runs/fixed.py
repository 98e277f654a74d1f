# %%
import torch
from torch import nn

torch.manual_seed(1)
X = torch.randn(200, 8)
y = X[:, :1] * 2
num_epochs = 10

# %%
model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
mse = nn.MSELoss()
val_losses = []          # at the top of the training cell: each run starts afresh  dlfault-fix
for epoch in range(num_epochs):  # dlfault-fix
    model.train()
    optimizer.zero_grad()
    mse(model(X), y).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        value = mse(model(X), y).item()
    val_losses.append(value)  # dlfault-fix

# %%
model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
mse = nn.MSELoss()
val_losses = []          # at the top of the training cell: each run starts afresh  dlfault-fix
for epoch in range(num_epochs):  # dlfault-fix
    model.train()
    optimizer.zero_grad()
    mse(model(X), y).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        value = mse(model(X), y).item()
    val_losses.append(value)  # dlfault-fix
