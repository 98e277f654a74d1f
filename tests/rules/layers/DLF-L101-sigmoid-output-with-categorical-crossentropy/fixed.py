# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(5, activation="softmax"),   # one class per sample  dlfault-fix
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
