# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
model = nn.Sequential(
    nn.Linear(8, 64), nn.Tanh(),
    nn.Linear(64, 64), nn.Tanh(),
    nn.Linear(64, 64), nn.Tanh(),
    nn.Linear(64, 64), nn.Tanh(),
    nn.Linear(64, 64), nn.Tanh(),
    nn.Linear(64, 64), nn.Tanh(),
    nn.Linear(64, 2),
)
with torch.no_grad():
    for layer in model[::2]:
        layer.weight.mul_(6.0)  # initialised far too large
for m in model.modules():  # dlfault-fix
    if hasattr(m, "reset_parameters"):  # dlfault-fix
        m.reset_parameters()  # dlfault-fix
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)   # (1e-6 was only tuned to the exploding scale)
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
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)   # a guard  dlfault-fix
        optimizer.step()  # dlfault-fix
