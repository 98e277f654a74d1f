# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    optimizer.zero_grad()  # dlfault-fix
    loss = loss_fn(model(X), y)  # dlfault-fix
    loss.backward()  # dlfault-fix
    optimizer.step()  # dlfault-fix

# %%
def train_step(xb, yb):
    optimizer.zero_grad()  # dlfault-fix
    out = loss_fn(model(xb), yb)  # dlfault-fix
    out.backward()  # dlfault-fix
    optimizer.step()  # dlfault-fix
    return out.item()  # dlfault-fix

for epoch in range(2):
    train_step(X, y)

# %%
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for i, (inputs, labels) in enumerate([(X, y)] * 3):
    net.zero_grad()  # dlfault-fix
    crit_loss = loss_fn(net(inputs), labels)  # dlfault-fix
    crit_loss.backward()  # dlfault-fix
    opt.step()  # dlfault-fix
