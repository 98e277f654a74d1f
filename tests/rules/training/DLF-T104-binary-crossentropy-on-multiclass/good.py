# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

# %%
# two softmax units with binary_crossentropy: the same objective as categorical_crossentropy
two = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(2, activation="softmax"),
])
two.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
