# %%
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(1)
feats = rng.normal(size=(96, 3)).astype("float32")
target = np.repeat([0, 1, 2], 32)


# %%
def to_pipeline(a, b, bs=24):
    return tf.data.Dataset.from_tensor_slices((a, b)).shuffle(8).batch(bs)  # dlfault-fix


pipe = to_pipeline(feats, target)


# %%
def batches_of(xs, ys):
    d = tf.data.Dataset.from_tensor_slices((xs, ys))
    d = d.shuffle(buffer_size=6)  # dlfault-fix
    d = d.padded_batch(16)  # dlfault-fix
    return d


stream = batches_of(feats, target)
