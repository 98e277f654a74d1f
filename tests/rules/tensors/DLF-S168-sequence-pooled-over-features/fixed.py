# %%
import keras

# %%
class MaxOverTime(keras.layers.Layer):
    def call(self, seq):
        pooled = keras.ops.max(seq, axis=1)  # dlfault-fix
        return pooled


# %%
reader = keras.Sequential([
    keras.Input((14, 5)),
    keras.layers.LSTM(24, return_sequences=True),
    MaxOverTime(),
    keras.layers.Dense(3, activation="softmax"),
])
