# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
points = torch.randn(600, 5)
kinds = (points[:, 0] > 0).long() + (points[:, 1] > 0).long()
train_dl = DataLoader(TensorDataset(points[:500], kinds[:500]), batch_size=50, shuffle=True)
test_dl = DataLoader(TensorDataset(points[500:], kinds[500:]), batch_size=50)
clf = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 3))
adam = torch.optim.Adam(clf.parameters(), lr=1e-2)

# %%
for xb, yb in train_dl:
    adam.zero_grad()
    nn.functional.cross_entropy(clf(xb), yb).backward()
    adam.step()

hits = 0
with torch.no_grad():
    for xb, yb in test_dl:
        scores = clf(xb)
        guess = scores.argmax(1)  # dlfault-fix
        hits += (guess == yb).sum().item()
