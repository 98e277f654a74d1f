# %%
import keras
import numpy as np

# %% expect: DLF-M101
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation="relu", kernel_initializer="zeros"),
    keras.layers.Dense(1, activation="sigmoid"),
])

# %% expect: DLF-M101
lazy = keras.Sequential([
    keras.layers.Dense(16, activation="tanh",
                       kernel_initializer=keras.initializers.Constant(0.1)),
    keras.layers.Dense(1),
])
