# The training cell creates its own history list and checkpoint; restoring the best weights
# and evaluating are re-run (loading the same state twice changes nothing).
# %%
import copy

import torch
from torch import nn

torch.manual_seed(1)
X = torch.randn(200, 8)
y = X[:, :1] * 2

# %%
model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
mse = nn.MSELoss()
val_losses, best_val, best_state = [], float("inf"), None
for epoch in range(10):
    model.train()
    optimizer.zero_grad()
    mse(model(X), y).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        vl = mse(model(X), y).item()
    val_losses.append(vl)
    if vl < best_val:
        best_val, best_state = vl, copy.deepcopy(model.state_dict())

# %%
model.load_state_dict(best_state)

# %%
model.eval()
with torch.no_grad():
    print(mse(model(X), y).item())

# %%
model.load_state_dict(best_state)

# %%
model.eval()
with torch.no_grad():
    print(mse(model(X), y).item())
