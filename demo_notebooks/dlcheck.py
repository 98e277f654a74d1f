# demo: title="%%dlcheck: diagnose a training run while it runs"
# demo: expect=DLF-T302,DLF-T306,DLF-L301,DLF-T310,DLF-T301,DLF-T313,DLF-T314,DLF-T311,DLF-T308,DLF-T305

# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # `%%dlcheck`: diagnose a training run while it runs
#
# The after-cell check sees the state a cell leaves behind. Many training faults only
# show while the model trains. Put `%%dlcheck` on top of a training cell: the cell runs
# exactly as without it (same losses, same weights), while forward hooks, optimizer hooks
# and the loss values are observed; statistics are computed every K steps
# (`--every K`, default 10). The report then diagnoses the run and draws the loss curve
# and the per-layer gradient norms and dead units.
#
# All examples train a small model on synthetic data: a healthy run first, then one fault
# at a time.

# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(512, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
loss_fn = nn.CrossEntropyLoss()


def mlp():
    return nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))


def train(model, optimizer, X=X, y=y, epochs=5, shuffle=True):
    for epoch in range(epochs):
        order = torch.randperm(len(X)) if shuffle else torch.arange(len(X))
        for i in range(0, len(X), 64):
            idx = order[i:i + 64]
            optimizer.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()

# %% [markdown]
# ## A healthy run: no finding, just the pictures

# %%
%%dlcheck
model = mlp()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
train(model, optimizer)

# %% [markdown]
# ## Learning rate far too high: the loss diverges (`lr=10`)

# %%
%%dlcheck
model = mlp()
optimizer = torch.optim.SGD(model.parameters(), lr=10)
train(model, optimizer)

# %% [markdown]
# ## Vanishing gradients: ten sigmoid layers

# %%
%%dlcheck
deep = nn.Sequential(nn.Linear(8, 32), nn.Sigmoid(),
                     *[m for _ in range(8) for m in (nn.Linear(32, 32), nn.Sigmoid())],
                     nn.Linear(32, 2))
optimizer = torch.optim.SGD(deep.parameters(), lr=0.1)
train(deep, optimizer)

# %% [markdown]
# ## Dead ReLU units: a large negative bias before the ReLU

# %%
%%dlcheck
model = mlp()
with torch.no_grad():
    model[0].bias.fill_(-20.0)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
train(model, optimizer)

# %% [markdown]
# ## The first layer that produced NaN: `log` of a ReLU output
#
# (The model is built inside a function so that no NaN weights are left behind.)

# %%
class LogFeatures(nn.Module):
    def forward(self, x):
        return torch.log(x)          # log(0) = -inf for every inactive unit

# %%
%%dlcheck
def run_log_model():
    net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), LogFeatures(), nn.Linear(32, 2))
    train(net, torch.optim.SGD(net.parameters(), lr=0.1), epochs=2)


run_log_model()

# %% [markdown]
# ## NaN in the data: the loss becomes NaN at the step that saw it

# %%
%%dlcheck
def run_dirty_data():
    Xd = X.clone()
    Xd[300, 4] = float("nan")
    net = mlp()
    train(net, torch.optim.SGD(net.parameters(), lr=0.1), X=Xd, epochs=1, shuffle=False)


run_dirty_data()

# %% [markdown]
# ## Batches sorted by label, and raw 0–255 inputs

# %%
order = torch.argsort(y)
X_raw, y_sorted = (X[order] * 40 + 128).clamp(0, 255).round(), y[order]

# %%
%%dlcheck
model = mlp()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
train(model, optimizer, X=X_raw, y=y_sorted, epochs=3, shuffle=False)

# %% [markdown]
# ## `zero_grad()` forgotten in a helper: seen at run time

# %%
def train_step(model, optimizer, xb, yb):
    loss = loss_fn(model(xb), yb)
    loss.backward()
    optimizer.step()

# %%
%%dlcheck
model = mlp()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for i in range(0, 512, 32):
    train_step(model, optimizer, X[i:i + 32], y[i:i + 32])

# %% [markdown]
# ## A layer cut off from the loss (`.detach()` in `forward`) and a badly scaled output

# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(8, 32)
        self.head = nn.Linear(32, 2)

    def forward(self, x):
        return self.head(torch.relu(self.body(x)).detach())

# %%
%%dlcheck
net = Net()
with torch.no_grad():
    net.head.weight.mul_(100.0)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
train(net, optimizer, epochs=2)
