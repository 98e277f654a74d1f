# %%
import numpy as np
import keras

rng = np.random.default_rng(0)
x_chw = rng.random((8, 3, 6, 6)).astype("float32")     # channels first

# %%
x_hwc = x_chw.transpose(0, 2, 3, 1)        # (8, 3, 6, 6) -> (8, 6, 6, 3)  dlfault-fix
# (tf.transpose(x_chw, perm=[0, 2, 3, 1]) for tensors)

# %%
x_nhwc = x_chw.transpose(0, 2, 3, 1)        # (8, 3, 6, 6) -> (8, 6, 6, 3)  dlfault-fix
# (tf.transpose(x_chw, perm=[0, 2, 3, 1]) for tensors)

# %%
import torch

rng = np.random.default_rng(0)
N = 64
X_hwc = rng.random((N, 32, 32, 3)).astype(np.float32)   # images from PIL / OpenCV

# %%
X = torch.from_numpy(X_hwc).permute(0, 3, 1, 2)        # (64, 32, 32, 3) -> (64, 3, 32, 32)  dlfault-fix
# (.contiguous() after it where a contiguous tensor is needed)

# %%
images = X_hwc.transpose(0, 3, 1, 2)        # (64, 32, 32, 3) -> (64, 3, 32, 32)  dlfault-fix
# (tf.transpose(X_hwc, perm=[0, 3, 1, 2]) for tensors)

# %%
# a (batch, steps, features) sequence batch made (batch, features, steps) for Conv1d
seqs = torch.randn(16, 50, 4)
conv_in = seqs.permute(0, 2, 1)        # (16, 50, 4) -> (16, 4, 50)  dlfault-fix
# (.contiguous() after it where a contiguous tensor is needed)
