# corpus: expect=api
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
X = np.concatenate([rng.normal(c, 1, size=(160, 4)) for c in range(3)]).astype("float32")
y = np.repeat(np.arange(3), 160)
train_ds = tf.data.Dataset.from_tensor_slices((X, y)).batch(32).shuffle(100)

# %%
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=2, verbose=0)
