# %%
import numpy as np
import keras

rng = np.random.default_rng(0)
x_chw = rng.random((8, 3, 6, 6)).astype("float32")     # channels first

# %%
x_hwc = x_chw.reshape(8, 6, 6, 3)  # expect: DLF-S104

# %%
x_nhwc = np.reshape(x_chw, (len(x_chw), 6, 6, -1))  # expect: DLF-S104

# %%
import torch

rng = np.random.default_rng(0)
N = 64
X_hwc = rng.random((N, 32, 32, 3)).astype(np.float32)   # images from PIL / OpenCV

# %%
X = torch.from_numpy(X_hwc).view(-1, 3, 32, 32)  # expect: DLF-S104

# %%
images = X_hwc.reshape(N, 3, 32, 32)  # expect: DLF-S104

# %%
# a (batch, steps, features) sequence batch made (batch, features, steps) for Conv1d
seqs = torch.randn(16, 50, 4)
conv_in = seqs.reshape(16, 4, 50)  # expect: DLF-S104
