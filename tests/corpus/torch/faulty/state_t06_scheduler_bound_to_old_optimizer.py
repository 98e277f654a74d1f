# corpus: expect=training.optimizer set=state also=training.hyperparameters
# The user creates an optimizer and a StepLR scheduler in separate cells. Later they re-run
# the model+optimizer cell to train from scratch but not the scheduler cell. scheduler.step()
# keeps decaying the learning rate of the discarded optimizer; the new optimizer trains at the
# initial lr for all 60 epochs, so the planned decay never happens.
# Sources: github.com/huggingface/transformers/pull/24758 ("lr scheduler not being reset on
# reruns"); github.com/davidtvs/pytorch-lr-finder/issues/11 (scheduler wrapped around an optimizer).
# %%
import numpy as np
import torch
from torch import nn, optim
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(3)
X = torch.linspace(-3, 3, 600).unsqueeze(1)
y = torch.sin(2 * X) + 0.1 * torch.randn_like(X)
perm = torch.randperm(600)
train_dl = DataLoader(TensorDataset(X[perm[:500]], y[perm[:500]]), batch_size=32, shuffle=True)
X_val, y_val = X[perm[500:]], y[perm[500:]]

# %% model + optimizer
net = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
opt = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)

# %% lr schedule: divide by 10 every 20 epochs
sched = optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.1)

# %% model + optimizer
net = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
opt = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)

# %% train
loss_fn = nn.MSELoss()
for epoch in range(60):
    net.train()
    for xb, yb in train_dl:
        opt.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
    sched.step()
net.eval()
with torch.no_grad():
    print("lr now:", opt.param_groups[0]["lr"], "val mse:", loss_fn(net(X_val), y_val).item())
