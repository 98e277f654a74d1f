# demo: title="%%dlcheck: diagnose a training run while it runs"
# demo: expect=DLF-T302|DLF-T005,DLF-T306,DLF-L301,DLF-T310,DLF-T301,DLF-T313,DLF-T314,DLF-T001|DLF-T311,DLF-T308,DLF-T305,DLF-G301,DLF-T309

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
# at a time, in PyTorch, then in Keras (where `%%dlcheck` adds a callback to every `fit`
# and probes gradients and activations on a small sample batch every K steps, with
# `training=False`: the run's losses and weights stay the same).
#
# The same pictures (loss curve, gradient norm per layer, dead units) are drawn in the
# "DL faults" sidebar of JupyterLab.

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

# %% [markdown]
# ## The same tensor copied to the GPU at every step
#
# Copying a batch to the device at each step is expected; copying a tensor that never
# changes (class weights, a mask, a lookup table) wastes a transfer and an allocation per
# step. `%%dlcheck` counts every host-to-device copy (`.to(device)`, `.cuda()`,
# `torch.tensor(..., device=...)`, `copy_`) and names the one that could be moved once.
# This machine has no GPU: the `meta` device stands in for it (on a GPU machine the cell
# uses `cuda`).

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "meta")
class_weights = torch.tensor([1.0, 3.0])

# %%
%%dlcheck
model = mlp()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    for i in range(0, 512, 64):
        xb = X[i:i + 64].to(device)          # a new batch each step: fine
        weights = class_weights.to(device)   # the same tensor, copied again every step
        optimizer.zero_grad()
        loss = loss_fn(model(X[i:i + 64]), y[i:i + 64])
        loss.backward()
        optimizer.step()

# %% [markdown]
# # Keras
#
# The same diagnoses for `model.fit`. A healthy run first: no finding, the pictures.

# %%
import keras
import numpy as np

keras.utils.set_random_seed(0)
Xk = X.numpy()
yk = y.numpy()


def keras_mlp(*hidden, name="kmodel", lr=0.1):
    net = keras.Sequential([keras.Input((8,)), *hidden, keras.layers.Dense(2, name="out")],
                           name=name)
    net.compile(optimizer=keras.optimizers.SGD(lr),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return net

# %%
%%dlcheck
kmodel = keras_mlp(keras.layers.Dense(32, activation="relu"))
history = kmodel.fit(Xk, yk, batch_size=64, epochs=5, verbose=0)

# %% [markdown]
# ## Keras: vanishing gradients through nine sigmoid layers

# %%
%%dlcheck
kdeep = keras_mlp(*[keras.layers.Dense(32, activation="sigmoid", name=f"sigmoid_{i}")
                    for i in range(9)])
history = kdeep.fit(Xk, yk, batch_size=64, epochs=5, verbose=0)

# %% [markdown]
# ## Keras: dead ReLU units after a large negative bias

# %%
%%dlcheck
kdead = keras_mlp(keras.layers.Dense(32, activation="relu", name="hidden",
                                     bias_initializer=keras.initializers.Constant(-20.0)))
history = kdead.fit(Xk, yk, batch_size=64, epochs=5, verbose=0)

# %% [markdown]
# ## Keras: the first layer that produced NaN/Inf
#
# A `Lambda` layer divides each row by its smallest ReLU activation, which is 0 for
# almost every row. (Built inside a function: no NaN weights are left behind.)

# %%
%%dlcheck
def run_keras_rowscale():
    net = keras_mlp(keras.layers.Dense(32, activation="relu", name="hidden"),
                    keras.layers.Lambda(lambda t: t / keras.ops.min(t, axis=1, keepdims=True),
                                        name="rowscale"), name="net")
    net.fit(Xk, yk, batch_size=64, epochs=2, verbose=0)


run_keras_rowscale()

# %% [markdown]
# ## Keras: a learning rate far too low (`1e-6`): each update barely moves the weights

# %%
%%dlcheck
kslow = keras_mlp(keras.layers.Dense(32, activation="relu"), lr=1e-6)
history = kslow.fit(Xk, yk, batch_size=64, epochs=5, verbose=0)
