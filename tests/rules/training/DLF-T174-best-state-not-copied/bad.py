# %%
import torch
import torch.nn as nn

torch.manual_seed(3)
xs, ys = torch.randn(200, 4), torch.randint(0, 3, (200,))
xv, yv = torch.randn(80, 4), torch.randint(0, 3, (80,))
net = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
sgd = torch.optim.SGD(net.parameters(), lr=0.5)


def accuracy(m, x, y):
    with torch.no_grad():
        return (m(x).argmax(1) == y).float().mean().item()


# %% expect: DLF-T174
top = -1.0
for ep in range(12):
    sgd.zero_grad()
    nn.functional.cross_entropy(net(xs), ys).backward()
    sgd.step()
    acc = accuracy(net, xv, yv)
    if acc > top:
        top = acc
        snapshot = net.state_dict()
