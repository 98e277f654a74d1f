# %%
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 2, size=64)

# %%
ds = tf.data.Dataset.from_tensor_slices((X, y))
ds = ds.map(lambda a, b: (a * 2.0, b), num_parallel_calls=tf.data.AUTOTUNE)  # dlfault-fix
