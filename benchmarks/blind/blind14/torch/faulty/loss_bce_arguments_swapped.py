# corpus: expect=training.loss set=blind14
# (blind 2026-12-07) The churn model calls criterion(labels, logits) with nn.BCEWithLogitsLoss, i.e. the 0/1 labels are treated as logits and the model outputs as targets, so the gradient pushes the outputs toward sigmoid(label) (0.5 or 0.73) instead of separating the classes. https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)

# %%
n = 3000
df = pd.DataFrame({
    "tenure": np.random.randint(1, 72, n),
    "monthly": np.random.uniform(20, 120, n),
    "support_calls": np.random.poisson(2, n),
})
logit = -0.05 * df.tenure + 0.02 * df.monthly + 0.5 * df.support_calls - 1.5
df["churn"] = (np.random.rand(n) < 1 / (1 + np.exp(-logit))).astype(int)
X_tr, X_te, y_tr, y_te = train_test_split(df.drop(columns="churn").values, df.churn.values, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_tr)
X_tr = torch.tensor(scaler.transform(X_tr), dtype=torch.float32)
X_te = torch.tensor(scaler.transform(X_te), dtype=torch.float32)
y_tr = torch.tensor(y_tr, dtype=torch.float32).unsqueeze(1)
y_te = torch.tensor(y_te, dtype=torch.float32).unsqueeze(1)

# %%
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
for epoch in range(100):
    perm = torch.randperm(len(X_tr))
    for i in range(0, len(X_tr), 256):
        idx = perm[i:i + 256]
        logits = model(X_tr[idx])
        loss = criterion(y_tr[idx], logits)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 25 == 0:
        print(epoch, round(loss.item(), 4))

# %%
with torch.no_grad():
    prob = torch.sigmoid(model(X_te))
print("test acc:", ((prob > 0.5).float() == y_te).float().mean().item(), "majority:", 1 - y_te.mean().item())
print("prob range:", prob.min().item(), prob.max().item())
