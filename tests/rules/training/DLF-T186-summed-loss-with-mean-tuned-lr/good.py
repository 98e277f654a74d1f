# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(4)
inputs = torch.randn(512, 10)
target = inputs[:, :2].sum(dim=1, keepdim=True)
data = DataLoader(TensorDataset(inputs, target), batch_size=32)
net = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))
summed = nn.MSELoss(reduction="sum")
adam = torch.optim.Adam(net.parameters(), lr=1e-3)

# %%
for xb, yb in data:             # Adam: invariant to the gradient's scale
    adam.zero_grad()
    err = summed(net(xb), yb)
    err.backward()
    adam.step()

# %%
net2 = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))
sgd2 = torch.optim.SGD(net2.parameters(), lr=0.05 / 32)   # lr already divided by the batch
for i in range(0, 512, 32):
    sgd2.zero_grad()
    err2 = summed(net2(inputs[i:i + 32]), target[i:i + 32])
    err2.backward()
    sgd2.step()

# %%
net.eval()
total = 0.0
with torch.no_grad():           # a summed loss as an evaluation total
    for xb, yb in data:
        total += summed(net(xb), yb).item()
mse = total / len(inputs)
