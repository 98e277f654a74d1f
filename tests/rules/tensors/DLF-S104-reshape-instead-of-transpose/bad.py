# %%
import numpy as np
import keras

rng = np.random.default_rng(0)
x_chw = rng.random((8, 3, 6, 6)).astype("float32")     # channels first

# %%
x_hwc = x_chw.reshape(8, 6, 6, 3)  # expect: DLF-S104

# %%
x_nhwc = np.reshape(x_chw, (len(x_chw), 6, 6, -1))  # expect: DLF-S104
