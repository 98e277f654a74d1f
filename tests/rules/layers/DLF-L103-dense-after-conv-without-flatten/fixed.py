# %%
import keras

# %%
model = keras.Sequential([  # dlfault-fix
    keras.Input((12, 12, 1)),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.MaxPooling2D(),  # dlfault-fix
    keras.layers.Flatten(),          # or keras.layers.GlobalAveragePooling2D()  dlfault-fix
    keras.layers.Dense(3, activation="softmax"),  # dlfault-fix
])

# %%
images_model = keras.Sequential([  # dlfault-fix
    keras.Input((28, 28)),  # dlfault-fix
    keras.layers.Flatten(),  # dlfault-fix
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),  # dlfault-fix
])
images_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
