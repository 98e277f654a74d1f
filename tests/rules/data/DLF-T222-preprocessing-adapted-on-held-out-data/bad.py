# %%
import keras
import numpy as np

rng = np.random.default_rng(11)
rows_train = rng.exponential(size=(120, 2)).astype("float32")
rows_val = rng.exponential(scale=3.0, size=(40, 2)).astype("float32")

# %%
binner = keras.layers.Discretization(num_bins=4)
all_rows = np.vstack((rows_train, rows_val))
binner.adapt(all_rows)  # expect: DLF-T222
