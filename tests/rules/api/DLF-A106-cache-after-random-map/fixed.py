# %%
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 2, size=64)

images = rng.random((16, 8, 8, 1)).astype("float32")


def augment(img):
    return tf.image.random_flip_left_right(img)


# %%
ds = tf.data.Dataset.from_tensor_slices(images)
ds = ds.cache()  # dlfault-fix
ds = ds.map(augment, num_parallel_calls=tf.data.AUTOTUNE)  # dlfault-fix
