# %%
import keras
import numpy as np

x_train = np.random.default_rng(0).random((8, 3, 16, 16)).astype("float32")
x_train = x_train.transpose(0, 2, 3, 1)                                      # NHWC  dlfault-fix

# %%
model = keras.Sequential([
    keras.Input(shape=x_train.shape[1:]),
    keras.layers.Conv2D(4, 3, activation="relu", padding="same"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(2, activation="softmax"),
])
