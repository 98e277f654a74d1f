# corpus: expect=model.type set=blind14
# (blind 2026-12-07) init_weights() fills every Linear weight with the same constant (0.05), so all hidden units compute identical values and receive identical gradients; the symmetry is never broken and the MLP behaves like a one-unit network. https://pytorch.org/docs/stable/nn.init.html
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)

# %%
# two-moons style data
n = 800
t = np.random.rand(n) * np.pi
X1 = np.c_[np.cos(t), np.sin(t)]
X2 = np.c_[1 - np.cos(t), 0.5 - np.sin(t)]
X = np.vstack([X1, X2]).astype(np.float32) + 0.1 * np.random.randn(2 * n, 2).astype(np.float32)
y = np.r_[np.zeros(n), np.ones(n)].astype(np.float32)
perm = np.random.permutation(2 * n)
X, y = torch.from_numpy(X[perm]), torch.from_numpy(y[perm]).unsqueeze(1)

# %%
model = nn.Sequential(
    nn.Linear(2, 64), nn.Tanh(),
    nn.Linear(64, 64), nn.Tanh(),
    nn.Linear(64, 1),
)

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.05)
        nn.init.zeros_(m.bias)

model.apply(init_weights)

# %%
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.BCEWithLogitsLoss()
for epoch in range(200):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(epoch, round(loss.item(), 4))

# %%
with torch.no_grad():
    acc = ((model(X) > 0).float() == y).float().mean().item()
print("train accuracy:", acc)
print("distinct hidden weight rows:", torch.unique(model[0].weight.detach(), dim=0).shape[0])
