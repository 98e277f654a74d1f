# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

torch.manual_seed(20)

# %%
# data comes grouped by class (as read from per-class CSV files), heavily imbalanced
rng = np.random.default_rng(20)
n_per_class = [500, 60, 40]
X = np.concatenate([rng.normal(loc=c, size=(n, 6)) for c, n in enumerate(n_per_class)]).astype(np.float32)
y = np.concatenate([np.full(n, c) for c, n in enumerate(n_per_class)])
X = (X - X.mean(0)) / X.std(0)
print(np.bincount(y))

# %%
# oversample rare classes: the sampler draws indices at random (with replacement),
# so the class-sorted order of the dataset does not matter
class_counts = np.bincount(y)
sample_weights = 1.0 / class_counts[y]
sampler = WeightedRandomSampler(torch.as_tensor(sample_weights, dtype=torch.double),
                                num_samples=len(y), replacement=True)
dataset = TensorDataset(torch.from_numpy(X), torch.from_numpy(y).long())
loader = DataLoader(dataset, batch_size=32, sampler=sampler)

xb, yb = next(iter(loader))
print("labels in one batch:", torch.bincount(yb, minlength=3).tolist())

# %%
model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 3))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()

# %%
%%dlcheck
for epoch in range(3):
    model.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, round(loss.item(), 4))

# %%
model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(X)).argmax(1).numpy()
for c in range(3):
    print(f"class {c} recall {(pred[y == c] == c).mean():.2f}")
