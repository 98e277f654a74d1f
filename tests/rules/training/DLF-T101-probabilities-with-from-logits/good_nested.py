# %%
import keras
import numpy as np

# %% a backbone with a softmax head inside a functional wrapper, loss takes probabilities
trunk = keras.Sequential([keras.Input((6,)), keras.layers.Dense(10, activation="relu"),
                          keras.layers.Dense(5, activation="softmax")], name="trunk")
x_in = keras.Input((6,))
wrapper = keras.Model(x_in, trunk(x_in))
wrapper.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
