# %%
import numpy as np
import keras

rng = np.random.default_rng(0)
x_chw = rng.random((8, 3, 6, 6)).astype("float32")     # channels first
gray = rng.random((8, 1, 6, 6)).astype("float32")
flat = rng.random((8, 108)).astype("float32")

# %%
x_hwc = x_chw.transpose(0, 2, 3, 1)
g = gray.reshape(8, 6, 6, 1)          # only a size-1 axis moves: same layout
imgs = flat.reshape(8, 3, 6, 6).transpose(0, 2, 3, 1)

# %%
import torch

rng = np.random.default_rng(0)
N = 64
X_hwc = rng.random((N, 32, 32, 3)).astype(np.float32)

# %%
X = torch.from_numpy(X_hwc).permute(0, 3, 1, 2).contiguous()
images = X_hwc.transpose(0, 3, 1, 2)
flat = torch.from_numpy(X_hwc).view(N, -1)      # flattening keeps each image together
back = flat.view(N, 32, 32, 3)                  # and back to its own layout

# %%
# grey images: a size-1 channel axis can move freely
grey = rng.random((N, 28, 28, 1)).astype(np.float32)
g = torch.from_numpy(grey).view(-1, 1, 28, 28)

# %%
# CIFAR rows are stored channels-first: reshape to (N, 3, 32, 32), then transpose
rows = rng.integers(0, 256, (N, 3072)).astype(np.uint8)
cifar = rows.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
seqs = torch.randn(16, 50, 4)
conv_in = seqs.transpose(1, 2)
