# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()
import time


def batches():
    perm = torch.randperm(256)
    for i in range(0, 256, 32):
        time.sleep(0.4)  # slow loading of each batch
        idx = perm[i:i + 32]
        yield X[idx], y[idx]

# %% expect: DLF-T315
%%dlcheck
for xb, yb in batches():
    optimizer.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    optimizer.step()
