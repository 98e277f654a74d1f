# corpus: correct set=blind12
# (blind 2026-12-07) tf.data pipeline on class-sorted data that shuffles with a full-size buffer before batch() and prefetches; validation dataset is batched without shuffling.
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(203)
X = np.concatenate([np.random.randn(500, 4) + 1, np.random.randn(500, 4) - 1]).astype("float32")
y = np.concatenate([np.ones(500), np.zeros(500)]).astype("float32")
idx = np.random.permutation(1000); tr, va = idx[:800], idx[800:]
train_ds = tf.data.Dataset.from_tensor_slices((X[tr], y[tr])).shuffle(800).batch(32).prefetch(tf.data.AUTOTUNE)
val_ds = tf.data.Dataset.from_tensor_slices((X[va], y[va])).batch(64)
# %%
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(tf.keras.optimizers.SGD(0.1, momentum=0.9), "binary_crossentropy", metrics=["accuracy"])
h = model.fit(train_ds, validation_data=val_ds, epochs=3, verbose=0)
print(h.history["val_accuracy"])
