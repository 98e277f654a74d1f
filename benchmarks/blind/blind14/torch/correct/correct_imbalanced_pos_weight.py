# corpus: correct set=blind14
# (blind 2026-12-07) Imbalanced fraud detection: stratified split, scaler fit on training data only, a single logit with BCEWithLogitsLoss(pos_weight=neg/pos as a 1-element tensor), targets shaped (N,1) like the output, and precision/recall reported instead of plain accuracy. https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
# %%
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import precision_score, recall_score

torch.manual_seed(0)
np.random.seed(0)

# %%
n = 5000
X = np.random.randn(n, 8) * [1, 5, 100, 1, 1, 1, 2, 3]
logit = 1.5 * X[:, 0] + 0.3 * X[:, 1] - 5
y = (np.random.rand(n) < 1 / (1 + np.exp(-logit))).astype(np.float32)
print("positive rate:", y.mean())
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
scaler = StandardScaler().fit(X_tr)
X_tr = torch.tensor(scaler.transform(X_tr), dtype=torch.float32)
X_te = torch.tensor(scaler.transform(X_te), dtype=torch.float32)
y_tr = torch.tensor(y_tr).unsqueeze(1)

# %%
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
pos_weight = torch.tensor([(y_tr == 0).sum().item() / max((y_tr == 1).sum().item(), 1)])
criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

# %%
for epoch in range(60):
    optimizer.zero_grad()
    loss = criterion(model(X_tr), y_tr)
    loss.backward()
    optimizer.step()

# %%
with torch.no_grad():
    pred = (model(X_te) > 0).float().squeeze(1).numpy()
print("precision:", round(precision_score(y_te, pred), 3), "recall:", round(recall_score(y_te, pred), 3))
