# corpus: expect=training.preprocessing set=blind15
# (blind 2026-12-07) Raw tabular columns with wildly different scales (income in the 10^5 range, age in tens, a ratio in 0..1) are fed straight into the MLP without standardisation, so the large column dominates, training is unstable and accuracy stays poor. https://forecastegy.com/posts/do-neural-networks-need-feature-scaling-or-normalization/
# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

rng = np.random.default_rng(21)
n = 3000
df = pd.DataFrame({
    "income": rng.normal(60_000, 20_000, n).clip(5_000),
    "age": rng.integers(18, 80, n),
    "utilisation": rng.uniform(0, 1, n),
    "n_accounts": rng.poisson(4, n),
})
risk = -0.00003 * (df.income - 60_000) + 0.04 * (df.age - 45) + 3.0 * (df.utilisation - 0.5) + 0.2 * rng.standard_normal(n)
df["default"] = (risk > 0).astype(int)

# %%
feature_cols = ["income", "age", "utilisation", "n_accounts"]
X = torch.tensor(df[feature_cols].values, dtype=torch.float32)
y = torch.tensor(df["default"].values, dtype=torch.float32)
X_train, X_test, y_train, y_test = X[:2400], X[2400:], y[:2400], y[2400:]

# %%
model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
crit = nn.BCEWithLogitsLoss()
for epoch in range(20):
    for idx in torch.randperm(2400).split(64):
        opt.zero_grad()
        loss = crit(model(X_train[idx]).squeeze(1), y_train[idx])
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(epoch, loss.item())

# %%
with torch.no_grad():
    acc = ((model(X_test).squeeze(1) > 0).float() == y_test).float().mean().item()
print("test accuracy:", acc, "base rate:", y_test.mean().item())
