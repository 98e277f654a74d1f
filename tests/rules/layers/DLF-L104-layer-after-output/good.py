# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(3, activation="softmax"),
])
# batch norm before the final activation is a normal pattern
bn = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(3),
    keras.layers.BatchNormalization(),
    keras.layers.Activation("softmax"),
])
