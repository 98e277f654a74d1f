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
