# %%
import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(21)
pts = rng.normal(size=(60, 3)).astype("float32")
tgt = (pts[:, 0] > 0).astype("float32")


def pipeline(a, b):
    return tf.data.Dataset.from_tensor_slices((a, b)).shuffle(60, seed=0, reshuffle_each_iteration=False)


full = pipeline(pts, tgt)
rest = full.skip(12).shuffle(60)  # dlfault-fix
holdout = full.take(12)  # dlfault-fix
net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer="adam", loss="binary_crossentropy")

# %%
net.fit(rest.batch(16), validation_data=holdout.batch(16), epochs=1, verbose=0)
