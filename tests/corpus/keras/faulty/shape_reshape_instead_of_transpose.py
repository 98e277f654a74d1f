# corpus: expect=tensors.shape also=tensors.input
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
# images exported from a PyTorch pipeline: (N, C, H, W)
x_chw = rng.random((256, 3, 16, 16)).astype("float32")
y = rng.integers(0, 3, 256)
# Keras wants channels last
x_hwc = x_chw.reshape(256, 16, 16, 3)

# %%
model = keras.Sequential([
    keras.Input(shape=(16, 16, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(3, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_hwc, y, epochs=2, batch_size=32, verbose=0)
