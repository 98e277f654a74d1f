# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader, random_split

SEED = 123
torch.manual_seed(SEED)

# %%
class BlobsDataset(Dataset):
    """Gaussian blobs in 10-d, 4 classes; normalises features in __getitem__."""
    def __init__(self, n=1000, n_classes=4, dim=10, seed=0):
        g = np.random.default_rng(seed)
        centers = g.normal(0, 3, size=(n_classes, dim))
        self.y = g.integers(0, n_classes, size=n)
        self.X = (centers[self.y] + g.normal(0, 1.0, size=(n, dim))).astype(np.float32)
        self.mean = self.X.mean(axis=0)
        self.std = self.X.std(axis=0) + 1e-8

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        x = (self.X[idx] - self.mean) / self.std
        return torch.from_numpy(x), int(self.y[idx])

full = BlobsDataset()
train_set, val_set = random_split(full, [800, 200], generator=torch.Generator().manual_seed(SEED))
train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
val_loader = DataLoader(val_set, batch_size=64)
x0, y0 = full[0]
print(x0.shape, x0.dtype, y0)

# %%
def train(model, loader, opt, loss_fn):
    model.train()
    total = 0.0
    for x, y in loader:
        opt.zero_grad()
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        opt.step()
        total += loss.item() * len(y)
    return total / len(loader.dataset)


@torch.no_grad()
def evaluate(model, loader, loss_fn):
    model.eval()
    total, correct = 0.0, 0
    for x, y in loader:
        logits = model(x)
        total += loss_fn(logits, y).item() * len(y)
        correct += (logits.argmax(1) == y).sum().item()
    n = len(loader.dataset)
    return total / n, correct / n

# %%
model = nn.Sequential(nn.Linear(10, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 4))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(3):
    tr_loss = train(model, train_loader, opt, loss_fn)
    va_loss, va_acc = evaluate(model, val_loader, loss_fn)
    print(f"{epoch:02d} train {tr_loss:.4f} | val {va_loss:.4f} acc {va_acc:.3f}")
