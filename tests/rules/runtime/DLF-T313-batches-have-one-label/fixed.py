# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
order = torch.argsort(y)  # sorted by label, never shuffled
X, y = X[order], y[order]
perm = torch.randperm(len(X))  # dlfault-fix
X, y = X[perm], y[perm]  # dlfault-fix
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

# %%
%%dlcheck
for epoch in range(5):
    for i in range(0, 256, 32):
        idx = slice(i, i + 32)
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
