# %%
import keras

# %% expect: DLF-L103
model = keras.Sequential([
    keras.Input((12, 12, 1)),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Dense(3, activation="softmax"),
])
