# %%
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(1)
feats = rng.normal(size=(96, 3)).astype("float32")
target = np.repeat([0, 1, 2], 32)


# %%
def to_pipeline(a, b, bs=24):
    d = tf.data.Dataset.from_tensor_slices((a, b))
    d = d.shuffle(96)
    return d.batch(bs).prefetch(tf.data.AUTOTUNE)


def reorder(batched):
    # the batches of a dataset made elsewhere: nothing is known of its history here
    return batched.shuffle(4)


pipe = reorder(to_pipeline(feats, target))
