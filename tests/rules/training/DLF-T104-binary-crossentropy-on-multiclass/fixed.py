# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy",   # one-hot y  dlfault-fix
              metrics=["accuracy"])  # dlfault-fix

# %%
inp = keras.Input((10,))
logits = keras.layers.Dense(5)(keras.layers.Dense(16, activation="relu")(inp))
net = keras.Model(inp, keras.layers.Softmax()(logits))
net.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="categorical_crossentropy",   # one-hot y  dlfault-fix
              metrics=["accuracy"])  # dlfault-fix
