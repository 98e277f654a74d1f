# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
images = rng.random((32, 8, 8)).astype("float32")
labels = rng.integers(0, 2, size=32)
images = images[..., None]

# %%
model = keras.Sequential([
    keras.Input((8, 8, 1)),
    keras.layers.Conv2D(2, 3, activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, labels, epochs=1, verbose=0)


# %%
# Keras 3 adds (or drops) a trailing axis of size 1 by itself: both of these train fine
gray = rng.random((32, 8, 8)).astype("float32")
cnn = keras.Sequential([
    keras.Input((8, 8, 1)),
    keras.layers.Conv2D(2, 3, activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(2, activation="softmax"),
])
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cnn.fit(gray, labels, epochs=1, verbose=0)
seq = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
seq.compile(optimizer="adam", loss="mse")
seq.fit(rng.random((32, 10, 1)).astype("float32"), rng.random(32).astype("float32"),
        epochs=1, verbose=0)
