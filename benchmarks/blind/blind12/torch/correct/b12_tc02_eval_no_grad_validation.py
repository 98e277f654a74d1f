# corpus: correct set=blind12
# (blind 2026-12-07) Dropout/BatchNorm model validated with model.eval() + torch.no_grad() and switched back with model.train() each epoch; loss logged with .item().
# %%
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split
torch.manual_seed(101)
X = torch.randn(800, 20); y = (X[:, :5].sum(1) > 0).long()
train_ds, val_ds = random_split(TensorDataset(X, y), [640, 160], generator=torch.Generator().manual_seed(0))
train_dl = DataLoader(train_ds, batch_size=64, shuffle=True); val_dl = DataLoader(val_ds, batch_size=128)
net = nn.Sequential(nn.Linear(20, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 2))
opt = torch.optim.Adam(net.parameters(), 1e-3); ce = nn.CrossEntropyLoss()
# %%
for epoch in range(5):
    net.train(); running = 0.0
    for xb, yb in train_dl:
        opt.zero_grad(); loss = ce(net(xb), yb); loss.backward(); opt.step()
        running += loss.item()
    net.eval(); correct = 0
    with torch.no_grad():
        for xb, yb in val_dl:
            correct += (net(xb).argmax(1) == yb).sum().item()
    print(epoch, running / len(train_dl), correct / len(val_ds))
