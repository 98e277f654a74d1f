# corpus: expect=training.validation also=training.preprocessing set=modern area=6
# (blind 2026-12-07) In the preprocessing cell the features are standardised with the mean/std of the FULL tensor before torch.utils.data.random_split, so validation statistics leak into the training inputs. https://scikit-learn.org/stable/common_pitfalls.html#data-leakage
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, random_split, DataLoader

torch.manual_seed(0)
X = torch.randn(1000, 8) * torch.tensor([1, 10, 100, 1, 1, 5, 1, 1.0]) + 3
y = (X[:, 0] + X[:, 1] / 10 > 3.5).long()

# %%
X = (X - X.mean(dim=0)) / X.std(dim=0)
dataset = TensorDataset(X, y)
train_ds, val_ds = random_split(dataset, [800, 200], generator=torch.Generator().manual_seed(0))

# %%
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(10):
    for xb, yb in DataLoader(train_ds, batch_size=64, shuffle=True):
        opt.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()
xv, yv = next(iter(DataLoader(val_ds, batch_size=200)))
print("val acc", (model(xv).argmax(1) == yv).float().mean().item())
