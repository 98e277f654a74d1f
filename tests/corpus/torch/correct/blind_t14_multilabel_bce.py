# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.metrics import f1_score

torch.manual_seed(4)
N_LABELS = 5

# %%
# multi-label tagging: each sample can have several tags
rng = np.random.default_rng(4)
X = rng.normal(size=(600, 24)).astype(np.float32)
W = rng.normal(size=(24, N_LABELS))
Y = (X @ W + rng.normal(0, 0.5, size=(600, N_LABELS)) > 1.0).astype(np.float32)
print("label frequencies", Y.mean(0).round(2))

X_train, X_val = torch.from_numpy(X[:500]), torch.from_numpy(X[500:])
Y_train, Y_val = torch.from_numpy(Y[:500]), torch.from_numpy(Y[500:])
loader = DataLoader(TensorDataset(X_train, Y_train), batch_size=50, shuffle=True)

# %%
pos = Y_train.sum(0)
pos_weight = (len(Y_train) - pos) / pos.clamp(min=1)
model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, N_LABELS))
criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

# %%
for epoch in range(3):
    model.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        probs = torch.sigmoid(model(X_val))
    preds = (probs > 0.5).int().numpy()
    print(epoch, round(loss.item(), 4), "micro-F1", round(f1_score(Y_val.numpy(), preds, average="micro"), 3))
