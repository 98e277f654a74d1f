# corpus: correct set=blind15
# (blind 2026-12-07) Imbalanced data is split into train/validation first (stratified), the minority class is rebalanced only inside the training loader with a WeightedRandomSampler, and validation keeps the original class distribution. https://machinelearningaptitude.com/topics/machine-learning/what-are-the-drawbacks-of-oversampling-minority-class-in-imbalanced-class-problem-of-machine-learning/
# %%
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import TensorDataset, DataLoader, WeightedRandomSampler

torch.manual_seed(4)
n = 1500
X = torch.randn(n, 12)
score = X[:, 0] * X[:, 1] + 0.5 * X[:, 2] + 0.8 * torch.randn(n)
y = (score > 2.0).float()
idx_tr, idx_va = train_test_split(np.arange(n), test_size=0.2, stratify=y.numpy(), random_state=0)
X_tr, y_tr, X_va, y_va = X[idx_tr], y[idx_tr], X[idx_va], y[idx_va]

# %%
class_counts = torch.bincount(y_tr.long())
sample_w = (1.0 / class_counts.float())[y_tr.long()]
sampler = WeightedRandomSampler(sample_w, num_samples=len(y_tr), replacement=True)
train_loader = DataLoader(TensorDataset(X_tr, y_tr), batch_size=128, sampler=sampler)

# %%
net = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
loss_fn = nn.BCEWithLogitsLoss()
for epoch in range(5):
    net.train()
    for xb, yb in train_loader:
        opt.zero_grad()
        loss_fn(net(xb).squeeze(1), yb).backward()
        opt.step()

# %%
net.eval()
with torch.no_grad():
    pv = (net(X_va).squeeze(1) > 0).float()
tp = ((pv == 1) & (y_va == 1)).sum().item()
print(f"validation recall {tp / y_va.sum().item():.3f} precision {tp / max(pv.sum().item(), 1):.3f}")
