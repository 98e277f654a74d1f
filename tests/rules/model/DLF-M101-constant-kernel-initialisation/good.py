# %%
import keras
import numpy as np

# %%
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation="relu", kernel_initializer="he_normal"),
    # zero-initialising only the output layer is fine: the hidden units differ
    keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros"),
])
lazy = keras.Sequential([keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)])
