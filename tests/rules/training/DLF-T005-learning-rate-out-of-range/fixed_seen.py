# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
inputs = torch.rand(600, 10)
scores = inputs @ torch.linspace(-1, 1, 10).unsqueeze(1)
batches = DataLoader(TensorDataset(inputs, scores), batch_size=50, shuffle=True)

# %%
net = nn.Sequential(nn.Linear(10, 64), nn.Tanh(), nn.Linear(64, 1))
opt = torch.optim.SGD(net.parameters(), lr=0.01)  # dlfault-fix
mse = nn.MSELoss()


def train_epoch():
    for xb, sb in batches:
        opt.zero_grad()
        mse(net(xb), sb).backward()
        opt.step()


# %%
for _ in range(3):
    train_epoch()
