# corpus: expect=training.validation set=blind12
# (blind 2026-12-07) Train and test indices are drawn with two independent np.random.choice calls on the same dataset, so most test samples are also in the training set and the test accuracy is inflated (split cell). https://github.com/scikit-learn-contrib/DESlib/issues/126
# %%
import numpy as np, torch, torch.nn as nn
from torch.utils.data import Subset, TensorDataset, DataLoader
np.random.seed(17); torch.manual_seed(17)
X = torch.randn(400, 10); y = torch.randint(0, 2, (400,))   # labels are pure noise
full = TensorDataset(X, y)
# %%
train_idx = np.random.choice(len(full), int(0.8 * len(full)), replace=False)
test_idx = np.random.choice(len(full), int(0.2 * len(full)), replace=False)
train_dl = DataLoader(Subset(full, train_idx), batch_size=32, shuffle=True)
test_dl = DataLoader(Subset(full, test_idx), batch_size=64)
# %%
net = nn.Sequential(nn.Linear(10, 256), nn.ReLU(), nn.Linear(256, 2))
opt = torch.optim.Adam(net.parameters(), 1e-2)
for ep in range(60):
    net.train()
    for xb, yb in train_dl:
        opt.zero_grad(); nn.functional.cross_entropy(net(xb), yb).backward(); opt.step()
# %%
net.eval(); correct = 0
with torch.no_grad():
    for xb, yb in test_dl:
        correct += (net(xb).argmax(1) == yb).sum().item()
print("test accuracy on random labels:", correct / len(test_idx))
