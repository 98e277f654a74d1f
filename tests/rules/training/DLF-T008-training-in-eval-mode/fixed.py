# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    model.train()   # back to training mode every epoch  dlfault-fix
    for i in range(0, 64, 16):
        optimizer.zero_grad()
        loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = (model(X).argmax(1) == y).float().mean().item()

# %%
def validate(net):
    net.eval()
    with torch.no_grad():
        return (net(X).argmax(1) == y).float().mean().item()

# %%
model.train()
for epoch in range(3):
    model.train()   # back to training mode every epoch  dlfault-fix
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    val_acc = validate(model)

# %%
def train_epoch(net):
    for i in range(0, 64, 16):
        optimizer.zero_grad()
        loss_fn(net(X[i:i + 16]), y[i:i + 16]).backward()
        optimizer.step()

# %%
model.train()
for epoch in range(3):
    model.train()   # back to training mode every epoch  dlfault-fix
    train_epoch(model)
    val_acc = validate(model)
