# corpus: expect=training.data_quality set=blind15
# (blind 2026-12-07) The sensor table has missing readings (NaN) in one column that are never imputed or dropped; they flow into the tensors and the training loss becomes nan after the first batches, so the model weights turn nan as well. https://www.alexacabs.in/why-is-loss-showing-as-nan.html
# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

rng = np.random.default_rng(9)
n = 2000
frame = pd.DataFrame({
    "temp": rng.normal(20, 5, n),
    "humidity": rng.uniform(20, 90, n),
    "pressure": rng.normal(1013, 8, n),
})
frame["load"] = 0.3 * frame.temp - 0.05 * frame.humidity + 0.01 * (frame.pressure - 1013) + rng.normal(0, 0.5, n)
missing = rng.random(n) < 0.03
frame.loc[missing, "humidity"] = np.nan
print(frame.describe().loc[["count", "mean"]])

# %%
cols = ["temp", "humidity", "pressure"]
stats = frame[cols].agg(["mean", "std"])
scaled = (frame[cols] - stats.loc["mean"]) / stats.loc["std"]
X = torch.tensor(scaled.values, dtype=torch.float32)
y = torch.tensor(frame["load"].values, dtype=torch.float32).unsqueeze(1)
loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)

# %%
net = nn.Sequential(nn.Linear(3, 32), nn.Tanh(), nn.Linear(32, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for epoch in range(5):
    losses = []
    for xb, yb in loader:
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    print(f"epoch {epoch} mean loss {np.mean(losses):.4f}")
print("any nan weight:", any(torch.isnan(p).any().item() for p in net.parameters()))
