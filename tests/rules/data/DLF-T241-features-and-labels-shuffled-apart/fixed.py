# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(3)
signals = rng.normal(size=(600, 8)).astype("float32")
targets = (signals[:, :2].sum(1) > 0).astype("int64")

# %%
perm = np.random.permutation(len(signals))  # dlfault-fix
signals, targets = signals[perm], targets[perm]  # dlfault-fix

# %%
net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
xs, ts = torch.from_numpy(signals[:480]), torch.from_numpy(targets[:480])
for _ in range(3):
    opt.zero_grad()
    step_loss = nn.functional.cross_entropy(net(xs), ts)
    step_loss.backward()
    opt.step()
