# %%
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(64, 4)
y = torch.randint(0, 2, (64,))
loss_fn = nn.CrossEntropyLoss()

# %%
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))

# %%
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def train_step(net, opt, xb, yb):
    opt.zero_grad()
    loss = loss_fn(net(xb), yb)
    loss.backward()
    opt.step()
    return loss.item()

# %%
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)   # after creating model  dlfault-fix

# %%
for epoch in range(3):
    last = train_step(model, optimizer, x, y)
