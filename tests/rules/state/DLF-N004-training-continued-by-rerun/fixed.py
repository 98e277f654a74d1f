# %%
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(64, 4)
y = torch.randint(0, 2, (64,))
loss_fn = nn.CrossEntropyLoss()
num_epochs = 5


class Net(nn.Sequential):
    def __init__(self):
        super().__init__(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))

# %%
model = Net()                  # a fresh model: training starts over  dlfault-fix
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)  # dlfault-fix
for epoch in range(num_epochs):  # dlfault-fix
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
print(f"final loss {loss.item():.3f}")

# %%
model = Net()                  # a fresh model: training starts over  dlfault-fix
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)  # dlfault-fix
for epoch in range(num_epochs):  # dlfault-fix
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
print(f"final loss {loss.item():.3f}")
