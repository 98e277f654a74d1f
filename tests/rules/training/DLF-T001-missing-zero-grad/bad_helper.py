# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 2, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()


def backward_step(net, xb, yb):
    loss = loss_fn(net(xb), yb)
    loss.backward()
    return loss


def train_step(net, xb, yb, opt):
    loss = backward_step(net, xb, yb)
    opt.step()
    return loss.item()


# %%
for epoch in range(3):
    for i in range(0, 64, 16):
        train_step(model, X[i:i + 16], y[i:i + 16], optimizer)  # expect: DLF-T001
