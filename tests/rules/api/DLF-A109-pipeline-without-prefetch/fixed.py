# %%
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 2, size=64)

model = tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# %%
train_ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(64).batch(16)
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)  # dlfault-fix

# %%
model.fit(train_ds, epochs=1, verbose=0)
