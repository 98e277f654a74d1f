# %%
import keras
import numpy as np

rng = np.random.default_rng(11)
rows_train = rng.exponential(size=(120, 2)).astype("float32")
rows_val = rng.exponential(scale=3.0, size=(40, 2)).astype("float32")

# %%
binner = keras.layers.Discretization(num_bins=4)
binner.adapt(rows_train)     # training data only  # dlfault-fix
