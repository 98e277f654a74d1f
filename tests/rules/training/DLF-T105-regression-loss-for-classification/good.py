# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="sgd", loss="categorical_crossentropy")
# a bounded regression target with sigmoid + mse is fine
ratio = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, activation="sigmoid")])
ratio.compile(optimizer="adam", loss="mse")
