# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(10)
xs = torch.randn(300, 7)
ys = (xs[:, 1] > xs[:, 2]).long()
train_dl = DataLoader(TensorDataset(xs, ys), batch_size=30, shuffle=True)
clf = nn.Sequential(nn.Linear(7, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.AdamW(clf.parameters(), lr=1e-3)
cycle = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=6 * len(train_dl))


def run_epoch(model, dl, optimizer):
    for xb, yb in dl:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        optimizer.step()
        cycle.step()  # dlfault-fix


# %%
for epoch in range(6):
    run_epoch(clf, train_dl, opt)
