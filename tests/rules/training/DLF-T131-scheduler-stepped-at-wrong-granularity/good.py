# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(11)
a = torch.randn(160, 4)
b = a.sum(1, keepdim=True)
dl = DataLoader(TensorDataset(a, b), batch_size=16)
net = nn.Linear(4, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
per_epoch = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)

# %%
for ep in range(4):
    for xb, yb in dl:
        opt.zero_grad()
        nn.functional.mse_loss(net(xb), yb).backward()
        opt.step()
    per_epoch.step()

# %%
opt2 = torch.optim.SGD(net.parameters(), lr=0.01)
per_iter = torch.optim.lr_scheduler.StepLR(opt2, step_size=500, gamma=0.5)   # sized in batches
for ep in range(3):
    for xb, yb in dl:
        opt2.zero_grad()
        nn.functional.mse_loss(net(xb), yb).backward()
        opt2.step()
        per_iter.step()

# %%
opt3 = torch.optim.SGD(net.parameters(), lr=0.01)
epochs_cycle = torch.optim.lr_scheduler.OneCycleLR(opt3, max_lr=0.05, epochs=5, steps_per_epoch=1)
for ep in range(5):
    for xb, yb in dl:
        opt3.zero_grad()
        nn.functional.mse_loss(net(xb), yb).backward()
        opt3.step()
    epochs_cycle.step()

# %%
opt4 = torch.optim.SGD(net.parameters(), lr=0.01)
whole_run = torch.optim.lr_scheduler.CosineAnnealingLR(opt4, T_max=3 * len(dl))   # in batches
slow = torch.optim.lr_scheduler.ExponentialLR(torch.optim.SGD(net.parameters(), lr=0.01), gamma=0.999)
for ep in range(3):
    for xb, yb in dl:
        opt4.zero_grad()
        nn.functional.mse_loss(net(xb), yb).backward()
        opt4.step()
        whole_run.step()
        slow.step()
