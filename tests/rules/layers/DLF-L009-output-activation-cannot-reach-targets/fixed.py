# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(2)
temps = torch.rand(300, 3) * 10
delta = (temps[:, :1] - 5.0) * 0.8            # target change: between -4 and 4
net = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1), nn.Sigmoid())
net = nn.Sequential(*list(net)[:-1])   # the same layers without the final Sigmoid  # dlfault-fix
crit = nn.MSELoss()
rms = torch.optim.RMSprop(net.parameters(), lr=1e-3)
batches = DataLoader(TensorDataset(temps, delta), batch_size=50)

# %%
for xb, yb in batches:
    rms.zero_grad()
    crit(net(xb), yb).backward()
    rms.step()
