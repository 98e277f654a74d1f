# corpus: expect=model.layers.activation set=blind12
# (blind 2026-12-07) The regression network ends with nn.ReLU() although the standardized targets are half negative, so it can never predict below zero (model cell). https://stats.stackexchange.com/questions/362588/how-can-a-network-with-only-relu-nodes-output-negative-values
# %%
import numpy as np, torch, torch.nn as nn
from sklearn.preprocessing import StandardScaler
np.random.seed(9); torch.manual_seed(9)
Xr = np.random.uniform(-3, 3, (500, 4))
yr = np.sin(Xr[:, 0]) + 0.5 * Xr[:, 1] - 0.2 * Xr[:, 2] ** 2
sx, sy = StandardScaler(), StandardScaler()
X = torch.tensor(sx.fit_transform(Xr), dtype=torch.float32)
y = torch.tensor(sy.fit_transform(yr[:, None]), dtype=torch.float32)
# %%
model = nn.Sequential(
    nn.Linear(4, 64), nn.ReLU(),
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, 1), nn.ReLU(),
)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
# %%
for i in range(300):
    opt.zero_grad()
    pred = model(X)
    loss = nn.functional.mse_loss(pred, y)
    loss.backward(); opt.step()
print("mse", loss.item(), "min pred", pred.min().item(), "min target", y.min().item())
