# demo: title="PyTorch: data, tensors and inputs"
# demo: expect=DLF-T201,DLF-T204,DLF-S201,DLF-E004,DLF-E015
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # PyTorch — data, tensors, inputs
# Faults in what goes *into* the model (the taxonomy's *Tensors & Inputs* branch and
# the data faults of its *Training* branch). Each faulty cell is followed by its fix.

# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)

# %% [markdown]
# ## Pixels left in 0–255
# Inputs in the hundreds saturate activations and make the first layer's gradients huge.

# %%
raw = rng.integers(0, 256, size=(128, 1, 28, 28), dtype=np.uint8)
digits = rng.integers(0, 10, 128)
images = torch.tensor(raw, dtype=torch.float32)
targets = torch.tensor(digits)
cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 26 * 26, 10))
loss = nn.CrossEntropyLoss()(cnn(images), targets)

# %% [markdown]
# **Fixed**: scale to [0, 1] (or standardise).

# %%
images = torch.tensor(raw, dtype=torch.float32) / 255.0
loss = nn.CrossEntropyLoss()(cnn(images), targets)

# %% [markdown]
# ## Labels that are all the same
# A bug in the labelling rule: every sample gets class 0, so there is nothing to learn.

# %%
feats = torch.rand(300, 4)
labels = (feats.sum(dim=1) > 10).long()
train_ds = torch.utils.data.TensorDataset(feats, labels)

# %% [markdown]
# **Fixed**: a threshold inside the range of the data.

# %%
labels = (feats.sum(dim=1) > 2).long()
train_ds = torch.utils.data.TensorDataset(feats, labels)
print(labels.bincount())

# %% [markdown]
# ## Features and labels of different lengths
# Rows were dropped from the features only: every label now belongs to another sample.

# %% tags=["raises-exception"]
table = rng.normal(size=(500, 6)).astype(np.float32)
outcome = (table[:, 0] > 0).astype(np.int64)
table = table[20:]
X = torch.from_numpy(table)
Y = torch.from_numpy(outcome)
ds = torch.utils.data.TensorDataset(X, Y)

# %% [markdown]
# **Fixed**: filter features and labels together.

# %%
table = rng.normal(size=(500, 6)).astype(np.float32)
outcome = (table[:, 0] > 0).astype(np.int64)
keep = np.arange(500) >= 20
X = torch.from_numpy(table[keep])
Y = torch.from_numpy(outcome[keep])
ds = torch.utils.data.TensorDataset(X, Y)

# %% [markdown]
# ## Channels-last images into a `Conv2d`
# PyTorch convolutions expect `(N, C, H, W)`; images from PIL or matplotlib are `(N, H, W, C)`.

# %% tags=["raises-exception"]
photos = torch.rand(16, 32, 32, 3)
conv = nn.Conv2d(3, 8, 3)
out = conv(photos)

# %% [markdown]
# **Fixed**: move the channel axis.

# %%
out = conv(photos.permute(0, 3, 1, 2))
print(out.shape)

# %% [markdown]
# ## float64 data into a float32 model
# NumPy's default is float64; PyTorch's layers are float32.

# %% tags=["raises-exception"]
data = np.random.rand(64, 5)
net = nn.Linear(5, 1)
pred = net(torch.from_numpy(data))

# %% [markdown]
# **Fixed**

# %%
pred = net(torch.from_numpy(data).float())
print(pred.shape)
