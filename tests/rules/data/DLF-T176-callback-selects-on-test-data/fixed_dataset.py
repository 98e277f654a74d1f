# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(6)
images = rng.normal(size=(300, 10)).astype("float32")
classes = rng.integers(0, 3, size=300)
train_ds = tf.data.Dataset.from_tensor_slices((images[:200], classes[:200])).batch(40).prefetch(tf.data.AUTOTUNE)
val_ds = tf.data.Dataset.from_tensor_slices((images[200:240], classes[200:240])).batch(40).prefetch(tf.data.AUTOTUNE)
test_ds = tf.data.Dataset.from_tensor_slices((images[240:], classes[240:])).batch(40).prefetch(tf.data.AUTOTUNE)

# %%
net = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(3, activation="softmax")])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
best = keras.callbacks.ModelCheckpoint("/tmp/dlf_t176_best.keras", monitor="val_accuracy", mode="max", save_best_only=True)

# %%
net.fit(train_ds, epochs=3, validation_data=val_ds, callbacks=[best], verbose=0)  # dlfault-fix
