# %%
import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(22)
pts = rng.normal(size=(60, 3)).astype("float32")
tgt = (pts[:, 0] > 0).astype("float32")
net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer="adam", loss="binary_crossentropy")

# %%
# one fixed order, then the split
fixed_order = tf.data.Dataset.from_tensor_slices((pts, tgt)).shuffle(
    60, seed=1, reshuffle_each_iteration=False)
net.fit(fixed_order.skip(12).batch(16), validation_data=fixed_order.take(12).batch(16),
        epochs=1, verbose=0)

# %%
# split first, shuffle only the training part
base = tf.data.Dataset.from_tensor_slices((pts, tgt))
tr_part = base.skip(12).shuffle(48)
va_part = base.take(12)
net.fit(tr_part.batch(16), validation_data=va_part.batch(16), epochs=1, verbose=0)
