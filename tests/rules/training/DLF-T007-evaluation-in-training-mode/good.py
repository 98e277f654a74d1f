# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
X_val = torch.randn(16, 4)
plain = nn.Sequential(nn.Linear(4, 3))

# %%
model.eval()
with torch.no_grad():
    pred = model(X_val).argmax(dim=1)
    # a model without Dropout/BatchNorm behaves the same in both modes
    p2 = plain(X_val)
model.train()

# %%
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

test_loader = DataLoader(TensorDataset(X_val, y[:16]), batch_size=8)
model.eval()
correct = 0
with torch.no_grad():
    for xb, yb in test_loader:
        out = model(xb)
        correct += (out.argmax(1) == yb).sum().item()
model.train()

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
    net.eval()
    hits = 0
    with torch.no_grad():
        for xb, yb in loader:
            hits += (net(xb).argmax(1) == yb).sum().item()
    return hits / len(loader.dataset)


def set_eval(net):
    net.eval()


@torch.no_grad()
def predict(net, xb):
    return net(xb).argmax(1)

# %%
train(model, train_loader)
acc = evaluate(model, test_loader)
model.train()
set_eval(model)
p = predict(model, X_val)
model.train()

# %%
for epoch in range(2):
    model.train()
    for xb, yb in train_loader:
        opt.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()
    model.eval()
    val_acc = evaluate(model, test_loader)
model.train()

# %%
# sampling a GAN generator in training mode, as the PyTorch DCGAN tutorial does
netG = nn.Sequential(nn.Linear(4, 16, bias=False), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 8))
fixed_noise = torch.randn(16, 4)
with torch.no_grad():
    samples = netG(fixed_noise).detach()
