# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
n_in = 8
model = nn.Sequential(
    nn.Linear(n_in, 64, bias=False), nn.BatchNorm1d(64), nn.Tanh(),   # normalise before the squashing  dlfault-fix
    nn.Linear(64, 2))
with torch.no_grad():
    model[0].weight.mul_(30.0)  # pre-activations far too large
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

# %%
%%dlcheck
for epoch in range(5):
    perm = torch.randperm(256)
    for i in range(0, 256, 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
