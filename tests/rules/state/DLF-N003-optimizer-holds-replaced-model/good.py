# ruff: noqa: F811 (a re-run cell defines its function again)
# Re-running the model cell and then the optimizer cell is the right order: quiet.
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
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)


def train_step(net, opt, xb, yb):
    opt.zero_grad()
    loss = loss_fn(net(xb), yb)
    loss.backward()
    opt.step()
    return loss.item()

# %%
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))

# %%
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)


def train_step(net, opt, xb, yb):
    opt.zero_grad()
    loss = loss_fn(net(xb), yb)
    loss.backward()
    opt.step()
    return loss.item()

# %%
for epoch in range(3):
    last = train_step(model, optimizer, x, y)
    scheduler.step()
