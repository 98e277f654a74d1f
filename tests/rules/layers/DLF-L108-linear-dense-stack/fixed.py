# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(64, activation="relu"),  # dlfault-fix
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])

# %%
inp = keras.Input((2,))
dense = keras.layers.Dense(16, activation="relu")  # dlfault-fix
hidden = dense(inp)
hidden = keras.layers.Dropout(0.2)(hidden)
out = keras.layers.Dense(3, activation="softmax")(hidden)
clf = keras.Model(inp, out)
