# %%
import keras


class EveryOther(keras.layers.Layer):  # dlfault-fix
    def call(self, x):
        return x[:, ::2]

    def compute_output_shape(self, input_shape):  # dlfault-fix
        return (input_shape[0], 3)     # what call() really returns  dlfault-fix


# %%
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(6), EveryOther(),
                          keras.layers.Dense(2)])
