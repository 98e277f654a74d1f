# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="sgd", loss="categorical_crossentropy",  # one-hot y  dlfault-fix
              metrics=["accuracy"])  # dlfault-fix
