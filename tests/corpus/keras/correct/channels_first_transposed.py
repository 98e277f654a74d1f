# corpus: correct
# %% [markdown]
# Images exported channels-first (N, C, H, W) by another pipeline, transposed (not reshaped)
# for Keras' channels-last Conv2D

# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_chw = rng.random((256, 3, 16, 16)).astype("float32")
y = rng.integers(0, 3, 256)
x_hwc = x_chw.transpose(0, 2, 3, 1)                      # (N, 16, 16, 3)
gray = rng.random((256, 1, 16, 16)).astype("float32")
gray_hwc = gray.reshape(256, 16, 16, 1)                  # only a size-1 axis moves

# %%
model = keras.Sequential([
    keras.Input(shape=(16, 16, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(3, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_hwc, y, epochs=2, batch_size=32, validation_split=0.2, verbose=0)
