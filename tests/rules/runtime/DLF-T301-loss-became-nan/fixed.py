# %%
import torch
from torch import nn

torch.manual_seed(0)


def make_data(n=256):
    X = torch.randn(n, 8)
    y = (X[:, 0] + X[:, 1] > 0).long()
    X[37, 2] = float("nan")  # one corrupt value
    return X, y


def train(X, y, epochs=5):
    model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        perm = torch.randperm(len(X))
        for i in range(0, len(X), 32):
            idx = perm[i:i + 32]
            optimizer.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()

# %%
%%dlcheck
X, y = make_data()
X = torch.nan_to_num(X)                     # or drop the rows that are not finite  dlfault-fix
train(X, y)
