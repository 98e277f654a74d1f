# corpus: expect=training.validation set=blind15
# (blind 2026-12-07) The rare positive class is oversampled by duplicating rows before random_split, so copies of the same minority rows land in both the training and validation subsets and the validation recall/F1 is overly optimistic. https://machinelearningaptitude.com/topics/machine-learning/what-are-the-drawbacks-of-oversampling-minority-class-in-imbalanced-class-problem-of-machine-learning/
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(4)
n = 1500
X = torch.randn(n, 12)
score = X[:, 0] * X[:, 1] + 0.5 * X[:, 2] + 0.8 * torch.randn(n)
y = (score > 2.0).float()
print("positives:", int(y.sum()), "of", n)

# %%
def oversample(features, target, factor=15):
    pos = target == 1
    extra_x = features[pos].repeat(factor, 1)
    extra_y = target[pos].repeat(factor)
    return torch.cat([features, extra_x]), torch.cat([target, extra_y])

X_bal, y_bal = oversample(X, y)
full = TensorDataset(X_bal, y_bal)
n_val = int(0.2 * len(full))
train_ds, val_ds = random_split(full, [len(full) - n_val, n_val], generator=torch.Generator().manual_seed(0))

# %%
net = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
loss_fn = nn.BCEWithLogitsLoss()
for epoch in range(5):
    net.train()
    for xb, yb in DataLoader(train_ds, batch_size=128, shuffle=True):
        opt.zero_grad()
        loss_fn(net(xb).squeeze(1), yb).backward()
        opt.step()

# %%
net.eval()
xv, yv = next(iter(DataLoader(val_ds, batch_size=len(val_ds))))
with torch.no_grad():
    pv = (net(xv).squeeze(1) > 0).float()
tp = ((pv == 1) & (yv == 1)).sum().item()
recall = tp / yv.sum().item()
precision = tp / max(pv.sum().item(), 1)
print(f"validation recall {recall:.3f} precision {precision:.3f}")
