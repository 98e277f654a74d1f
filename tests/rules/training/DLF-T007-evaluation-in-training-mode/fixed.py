# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
X_val = torch.randn(16, 4)

# %%
with torch.no_grad():
    model.eval()  # dlfault-fix
    with torch.no_grad():  # dlfault-fix
        out = model(X_val)  # dlfault-fix
    model.train()   # before the next training epoch  dlfault-fix

# %%
model.eval()  # dlfault-fix
with torch.no_grad():  # dlfault-fix
    out = model(X_val)  # dlfault-fix
model.train()   # before the next training epoch  dlfault-fix

# %%
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

test_loader = DataLoader(TensorDataset(X_val, y[:16]), batch_size=8)
correct = 0
for xb, yb in test_loader:
    model.eval()  # dlfault-fix
    with torch.no_grad():  # dlfault-fix
        out = model(xb)  # dlfault-fix
    model.train()   # before the next training epoch  dlfault-fix
    correct += (out.argmax(1) == yb).sum().item()

# %%
opt = torch.optim.SGD(model.parameters(), lr=0.01)
train_loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)


def train(net, loader):
    net.train()
    for xb, yb in loader:
        opt.zero_grad()
        nn.functional.cross_entropy(net(xb), yb).backward()
        opt.step()


def evaluate(net, loader):
    hits = 0
    with torch.no_grad():
        for xb, yb in loader:
            hits += (net(xb).argmax(1) == yb).sum().item()
    return hits / len(loader.dataset)

# %%
train(model, train_loader)
model.eval()  # dlfault-fix
with torch.no_grad():  # dlfault-fix
    out = evaluate(model, test_loader)  # dlfault-fix
model.train()   # before the next training epoch  dlfault-fix

# %%
for epoch in range(2):
    model.train()
    for xb, yb in train_loader:
        opt.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()
    model.eval()  # dlfault-fix
    with torch.no_grad():  # dlfault-fix
        out = evaluate(model, test_loader)  # dlfault-fix
    model.train()   # before the next training epoch  dlfault-fix
