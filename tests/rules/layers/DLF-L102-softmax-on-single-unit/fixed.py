# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),  # dlfault-fix
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # dlfault-fix
