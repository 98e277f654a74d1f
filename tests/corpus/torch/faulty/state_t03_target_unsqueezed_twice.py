# corpus: expect=tensors.shape set=state also=training.loss
# Regression: the user adds a trailing dimension to the target tensor in place
# (y = y.unsqueeze(1)) and runs the cell twice. y is now (N, 1, 1); MSELoss against the
# (N, 1) output broadcasts to (N, N, 1), only prints a UserWarning, and the model learns
# to predict the mean. Sources: kouhan.cn/en/article/00050409 (MSELoss target/input size
# mismatch); 0539edu.com/news/596753 "Jupyter Notebook单元格执行顺序陷阱提醒" (state kept across re-runs).
# %%
import numpy as np
import torch
import torch.nn as nn
import warnings

torch.manual_seed(0)
X = torch.rand(256, 3)
y = 3 * X[:, 0] - 2 * X[:, 1] + 0.5 * X[:, 2] + 0.05 * torch.randn(256)
print(X.shape, y.shape)

# %% make the target a column
y = y.unsqueeze(1)
y.shape

# %% make the target a column
y = y.unsqueeze(1)
y.shape

# %%
model = nn.Sequential(nn.Linear(3, 32), nn.Tanh(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
mse = nn.MSELoss()
X_tr, y_tr, X_va, y_va = X[:200], y[:200], X[200:], y[200:]

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for epoch in range(200):
        model.train()
        optimizer.zero_grad()
        loss = mse(model(X_tr), y_tr)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val = mse(model(X_va), y_va)
print(f"train {loss.item():.4f}  val {val.item():.4f}")
