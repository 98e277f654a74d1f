# %%
import torch
from torch import nn

torch.manual_seed(0)
# this machine has no GPU: the `meta` device stands in for the accelerator
device = torch.device("cuda" if torch.cuda.is_available() else "meta")
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
class_weights = torch.tensor([1.0, 3.0])
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

# %%
%%dlcheck
class_weights_dev = class_weights.to(device)   # once, before the loop  dlfault-fix
for epoch in range(5):
    perm = torch.randperm(256)
    for i in range(0, 256, 32):
        idx = perm[i:i + 32]
        xb = X[idx].to(device)              # a new batch every step: one copy each, fine
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
