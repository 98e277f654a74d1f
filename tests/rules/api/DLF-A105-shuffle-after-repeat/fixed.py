# %%
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 2, size=64)

# %%
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(64).repeat()  # dlfault-fix
