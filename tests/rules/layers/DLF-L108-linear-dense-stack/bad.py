# %%
import keras

# %% expect: DLF-L108
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(64),
    keras.layers.Dense(32),
    keras.layers.Dense(1),
])

# %% expect: DLF-L108
inp = keras.Input((2,))
hidden = keras.layers.Dense(16)(inp)
hidden = keras.layers.Dropout(0.2)(hidden)
out = keras.layers.Dense(3, activation="softmax")(hidden)
clf = keras.Model(inp, out)
