# corpus: correct set=blind14
# (blind 2026-12-07) Multi-label tagger with raw logits and BCEWithLogitsLoss(pos_weight per tag); sigmoid (not softmax) is applied per tag only at prediction time, evaluation under model.eval() + torch.no_grad(). https://discuss.pytorch.org/t/using-bcewithlogisloss-for-multi-label-classification/67011
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# %%
n, d, n_tags = 1500, 20, 5
X = np.random.randn(n, d).astype(np.float32)
W = np.random.randn(d, n_tags)
Y = ((X @ W) > 1.0).astype(np.float32)
X_tr, X_te, Y_tr, Y_te = X[:1200], X[1200:], Y[:1200], Y[1200:]
pos = Y_tr.sum(0)
pos_weight = torch.tensor((len(Y_tr) - pos) / np.maximum(pos, 1), dtype=torch.float32)
loader = DataLoader(TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(Y_tr)), batch_size=64, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, n_tags))
criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

# %%
for epoch in range(10):
    model.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

# %%
model.eval()
with torch.no_grad():
    probs = torch.sigmoid(model(torch.from_numpy(X_te)))
pred = (probs > 0.5).float().numpy()
print("tag-level accuracy:", (pred == Y_te).mean(), "mean predicted tags:", pred.sum(1).mean())
