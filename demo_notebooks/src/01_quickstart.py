# demo: title="Quickstart: load the extension, meet three faults and their fixes"
# demo: expect=training.data_quality,training.process,model.layers.properties
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # dlfault_jupyter in five minutes
#
# `%load_ext dlfault_jupyter` (the cell above) is all it takes: after **every cell** the
# extension looks at what the cell did and reports deep-learning faults right under it,
# with a beginner and an expert explanation and a fix written with *your* variable names.
#
# It uses three kinds of evidence. This notebook shows one fault of each kind, each
# followed by the corrected cell (which stays quiet).
#
# ## 1. Evidence from the notebook's state: NaN values hidden in the data
# Nothing crashes here: the model trains, the loss is just `nan`. The check looks at the
# arrays and tensors in the namespace (a small sample of each, so it stays fast on big data).

# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
readings = rng.normal(size=(400, 5)).astype(np.float32)
readings[rng.random((400, 5)) < 0.05] = np.nan      # sensors that failed
X = torch.from_numpy(readings)
y = torch.from_numpy(rng.normal(size=(400, 1)).astype(np.float32))
model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
for epoch in range(3):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
print("loss:", loss.item())

# %% [markdown]
# **Fixed**: fill (or drop) the missing values before training.

# %%
clean = np.where(np.isnan(readings), np.nanmean(readings, axis=0), readings).astype(np.float32)
X_clean = torch.from_numpy(clean)
model_clean = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
opt_clean = torch.optim.SGD(model_clean.parameters(), lr=0.01)
for epoch in range(3):
    opt_clean.zero_grad()
    loss = loss_fn(model_clean(X_clean), y)
    loss.backward()
    opt_clean.step()
print("loss:", loss.item())

# %% [markdown]
# ## 2. Evidence from the cell's source: a training loop without `zero_grad()`
# PyTorch *adds* new gradients to the old ones; without `optimizer.zero_grad()` every
# step uses the sum of all previous gradients. Silent: no error, just bad training.

# %%
features = torch.randn(256, 10)
labels = (features[:, 0] > 0).long()
clf = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(clf.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    loss = criterion(clf(features), labels)
    loss.backward()
    optimizer.step()

# %% [markdown]
# **Fixed**: clear the gradients at the start of every step.

# %%
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(clf(features), labels)
    loss.backward()
    optimizer.step()
print("loss:", loss.item())

# %% [markdown]
# ## 3. Evidence from an exception: a cryptic error, explained with your objects
# Grayscale images have **one** channel, but the first convolution expects three.

# %% tags=["raises-exception"]
images = torch.rand(32, 1, 28, 28)
cnn = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 26 * 26, 10))
out = cnn(images)

# %% [markdown]
# **Fixed**: `in_channels` must equal the number of channels of the data (`images.shape[1]`).

# %%
cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 26 * 26, 10))
out = cnn(images)
print(out.shape)

# %% [markdown]
# ## Next
# - `%dlcheck` lists what was found so far; `%dlcheck explain RULE` explains a rule;
#   `%dlcheck --mute RULE` silences one; `%dlcheck --level expert` switches the explanations;
#   `%dlcheck rules` lists every check.
# - The same checks run headless: `python -m dlfault_jupyter check notebook.ipynb`.
# - The other notebooks of this tour go through each area of the fault taxonomy.
