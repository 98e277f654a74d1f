# %%
import keras

# %%
model = keras.Sequential([  # dlfault-fix
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dropout(0.5),      # regularise the hidden features  dlfault-fix
    keras.layers.Dense(3, activation="softmax"),            # output layer last  dlfault-fix
])
