# %%
import keras
import numpy as np
import tensorflow as tf

strategy = tf.distribute.MirroredStrategy()
X = np.zeros((16, 4), dtype="float32")
y = np.arange(16) % 2

# %%
with strategy.scope():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %%
model.fit(X, y, epochs=1, batch_size=8, verbose=0)  # dlfault-fix
