# corpus: expect=model.layers.activation set=blind15
# (blind 2026-12-07) The binary churn model has a single output unit followed by nn.Softmax(dim=1); softmax over one value is always 1.0, so every customer is predicted as churn, BCELoss gets no useful gradient and accuracy equals the positive rate. https://github.com/vllm-project/vllm/pull/18313
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, random_split

g = torch.Generator().manual_seed(11)
n = 2500
tenure = torch.rand(n, generator=g) * 6
charges = torch.randn(n, generator=g)
calls = torch.poisson(torch.full((n,), 2.0), generator=g)
logit = -1.0 - 0.8 * tenure + 1.2 * charges + 0.6 * calls
churn = (torch.rand(n, generator=g) < torch.sigmoid(logit)).float()
X = torch.stack([tenure, charges, calls], 1)
X = (X - X.mean(0)) / X.std(0)
ds = TensorDataset(X, churn.unsqueeze(1))
train_ds, test_ds = random_split(ds, [2000, 500], generator=g)
print("positive rate:", churn.mean().item())

# %%
churn_model = nn.Sequential(
    nn.Linear(3, 32), nn.ReLU(),
    nn.Linear(32, 16), nn.ReLU(),
    nn.Linear(16, 1),
    nn.Softmax(dim=1),
)
bce = nn.BCELoss()
opt = torch.optim.Adam(churn_model.parameters(), lr=1e-3)

# %%
for epoch in range(10):
    churn_model.train()
    for xb, yb in DataLoader(train_ds, batch_size=64, shuffle=True):
        opt.zero_grad()
        loss = bce(churn_model(xb), yb)
        loss.backward()
        opt.step()
    print(epoch, round(loss.item(), 4))

# %%
churn_model.eval()
xt, yt = next(iter(DataLoader(test_ds, batch_size=len(test_ds))))
with torch.no_grad():
    proba = churn_model(xt)
print("unique predicted probabilities:", proba.unique()[:5])
print("test accuracy:", ((proba > 0.5).float() == yt).float().mean().item())
