# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
points = torch.randn(600, 5)
kinds = (points[:, 0] > 0).long() + (points[:, 1] > 0).long()
test_dl = DataLoader(TensorDataset(points, kinds), batch_size=50)
clf = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 3))


def accuracy(model, loader):
    right = 0
    with torch.no_grad():
        for xb, yb in loader:
            right += (torch.argmax(model(xb), dim=1) == yb).sum().item()
    return right / len(loader.dataset)


acc = accuracy(clf, test_dl)
# one unbatched sample: its class axis is dim 0
single = clf(points[0]).argmax(0)
# the hardest sample of each batch (over the batch on purpose, not the model's output)
with torch.no_grad():
    for xb, yb in test_dl:
        worst = nn.functional.cross_entropy(clf(xb), yb, reduction="none").argmax(0)
