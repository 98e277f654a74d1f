# %%
import keras

# %% expect: DLF-L104
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
    keras.layers.Dropout(0.5),
])
