# %%
import keras


class EveryOther(keras.layers.Layer):
    def call(self, x):
        return x[:, ::2]

    def compute_output_shape(self, input_shape):
        return input_shape            # forgot that call() halves the features


# %% expect: DLF-L107
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(6), EveryOther(),
                          keras.layers.Dense(2)])
