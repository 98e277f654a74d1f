# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
X, y = torch.randn(64, 4), torch.randint(0, 2, (64,))
loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
model.to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()

# %%
# data already on the device before the loader is built
Xd, yd = X.to(device), y.to(device)
dev_loader = DataLoader(TensorDataset(Xd, yd), batch_size=16)
with torch.no_grad():
    model.eval()
    for i, (xb, yb) in enumerate(dev_loader):
        pred = model(xb).argmax(1)
    for xb, yb in loader:
        pred = model(xb.to(device)).argmax(1)

# %%
# the trained weights are reloaded into a fresh model on the CPU (PyTorch CIFAR tutorial)
torch.save(model.state_dict(), "/tmp/dlf_g001_good.pt")
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
model.load_state_dict(torch.load("/tmp/dlf_g001_good.pt", map_location="cpu"))

# %%
model.eval()
with torch.no_grad():
    for xb, yb in loader:
        pred = model(xb).argmax(1)
