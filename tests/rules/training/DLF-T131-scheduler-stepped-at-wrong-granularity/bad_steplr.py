# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(12)
u = torch.randn(180, 3)
v = u.pow(2).sum(1, keepdim=True)
pairs = DataLoader(TensorDataset(u, v), batch_size=12)
fit_net = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
momentum_sgd = torch.optim.SGD(fit_net.parameters(), lr=0.1, momentum=0.9)
halve = torch.optim.lr_scheduler.StepLR(momentum_sgd, step_size=4, gamma=0.5)


def batch_update(xb, yb):
    momentum_sgd.zero_grad()
    nn.functional.l1_loss(fit_net(xb), yb).backward()
    momentum_sgd.step()
    halve.step()


# %%
for round_ in range(3):
    for xb, yb in pairs:
        batch_update(xb, yb)  # expect: DLF-T131
