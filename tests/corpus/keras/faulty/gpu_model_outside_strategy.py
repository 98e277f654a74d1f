# corpus: expect=gpu
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

strategy = tf.distribute.MirroredStrategy()
print("replicas:", strategy.num_replicas_in_sync)

rng = np.random.default_rng(0)
X = rng.normal(size=(256, 8)).astype("float32")
y = rng.integers(0, 2, 256)

# %%
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(2, activation="softmax")])
with strategy.scope():
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
model.fit(X, y, epochs=2, batch_size=32, verbose=0)
