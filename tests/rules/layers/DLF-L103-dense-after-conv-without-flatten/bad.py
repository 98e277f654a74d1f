# %%
import keras

# %% expect: DLF-L103
model = keras.Sequential([
    keras.Input((12, 12, 1)),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Dense(3, activation="softmax"),
])

# %% expect: DLF-L103
images_model = keras.Sequential([
    keras.Input((28, 28)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
images_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
