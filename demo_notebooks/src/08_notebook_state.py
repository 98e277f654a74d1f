# demo: title="Notebook state: re-run cells and execution order"
# demo: expect=DLF-N001,DLF-N002,DLF-N003,DLF-N004,DLF-N007
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # Notebook state — re-running cells
# Only a notebook lets you run a cell twice, or run cells out of order — and some cells
# silently do something different the second time. The extension keeps a short history of
# executions (which cell ran, and a cheap summary of the values it read and wrote before and
# after) and reports a re-run only when the **values** show harm. A cell run again is
# written here as the same cell a second time: in JupyterLab, simply run the cell above again.

# %%
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
rng = np.random.default_rng(0)
pixels = rng.integers(0, 256, size=(600, 64)).astype("float32")
labels = (pixels[:, :32].mean(1) > pixels[:, 32:].mean(1)).astype("int64")

# %% [markdown]
# ## A transformation applied again
# The cell scales `X` from `X` itself. Run once, it is right; run again, the data is
# divided by 255 twice.

# %%
X = pixels.copy()

# %%
X = X / 255.0

# %%
X = X / 255.0

# %% [markdown]
# **Fixed**: compute from the raw data, so that running the cell again gives the same
# result (no report, however often it runs).

# %%
X = pixels / 255.0

# %%
X = pixels / 255.0

# %% [markdown]
# ## An axis added twice

# %%
images = X.reshape(-1, 8, 8)

# %%
images = np.expand_dims(images, 1)

# %%
images = np.expand_dims(images, 1)

# %% [markdown]
# ## An optimizer that still holds the previous model
# The model cell was run again after the optimizer was built: the optimizer updates the
# parameters of the old model.

# %%
X_train, X_test, y_train, y_test = train_test_split(X, labels, test_size=0.25)
xt, yt = torch.from_numpy(X_train), torch.from_numpy(y_train)
loss_fn = nn.CrossEntropyLoss()


def train(net, opt, epochs=20):
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(net(xt), yt)
        loss.backward()
        opt.step()
    return loss.item()

# %%
model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 2))

# %%
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 2))

# %%
final_loss = train(model, optimizer)

# %% [markdown]
# **Fixed**: run the optimizer cell again after the model cell (or build both in one cell).

# %%
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
final_loss = train(model, optimizer)

# %% [markdown]
# ## A training cell run again goes on training
# Running `train(...)` again does not start over: `model` is trained a second time from
# the weights the first run left.

# %%
final_loss = train(model, optimizer)

# %% [markdown]
# **Fixed**: re-create the model and its optimizer in the training cell.

# %%
model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
final_loss = train(model, optimizer)

# %%
model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
final_loss = train(model, optimizer)

# %% [markdown]
# ## The split drawn again after training
# The split cell (no seed) ran again after `model` was trained: the new test set overlaps
# the data `model` learned from.

# %%
X_train, X_test, y_train, y_test = train_test_split(X, labels, test_size=0.25)
xt, yt = torch.from_numpy(X_train), torch.from_numpy(y_train)
loss_fn = nn.CrossEntropyLoss()


def train(net, opt, epochs=20):
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(net(xt), yt)
        loss.backward()
        opt.step()
    return loss.item()

# %%
model.eval()
with torch.no_grad():
    accuracy = (model(torch.from_numpy(X_test)).argmax(1).numpy() == y_test).mean()
print(f"test accuracy {accuracy:.2f}")

# %% [markdown]
# **Fixed**: a fixed `random_state` gives the same split every time the cell runs (and
# re-train after changing the split).
