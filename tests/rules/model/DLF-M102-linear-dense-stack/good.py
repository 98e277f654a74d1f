# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(32),
    keras.layers.Activation("relu"),
    keras.layers.Dense(1),
])
