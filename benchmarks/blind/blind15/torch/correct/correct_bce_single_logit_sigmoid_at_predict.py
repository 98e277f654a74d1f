# corpus: correct set=blind15
# (blind 2026-12-07) Binary churn model with a single output logit trained with BCEWithLogitsLoss; sigmoid is applied only at prediction time, targets have shape (N, 1) like the output, evaluation under eval()+no_grad. https://github.com/vllm-project/vllm/pull/18313
# %%
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
train_ds, test_ds = random_split(TensorDataset(X, churn.unsqueeze(1)), [2000, 500], generator=g)
tr_x = torch.stack([train_ds[i][0] for i in range(len(train_ds))])
mu, sd = tr_x.mean(0), tr_x.std(0)

# %%
churn_model = nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
opt = torch.optim.Adam(churn_model.parameters(), lr=3e-3)

# %%
for epoch in range(10):
    churn_model.train()
    for xb, yb in DataLoader(train_ds, batch_size=64, shuffle=True):
        opt.zero_grad()
        loss = criterion(churn_model((xb - mu) / sd), yb)
        loss.backward()
        opt.step()

# %%
churn_model.eval()
xt, yt = next(iter(DataLoader(test_ds, batch_size=len(test_ds))))
with torch.no_grad():
    proba = torch.sigmoid(churn_model((xt - mu) / sd))
print("probability range:", proba.min().item(), proba.max().item())
print("test accuracy:", ((proba > 0.5).float() == yt).float().mean().item(), "base rate:", 1 - yt.mean().item())
