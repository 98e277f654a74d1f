# %%
import keras
import numpy as np

# %%
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation="relu", kernel_initializer="glorot_uniform"),  # the default  dlfault-fix
    keras.layers.Dense(1, activation="sigmoid"),
])

# %%
lazy = keras.Sequential([
    keras.layers.Dense(16, activation="tanh", kernel_initializer="glorot_uniform"),  # dlfault-fix
    keras.layers.Dense(1),
])
