# corpus: correct
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
raw = rng.integers(0, 256, size=(320, 28, 28), dtype=np.uint8)
labels = rng.integers(0, 10, 320)
x = (raw.astype("float32") / 255.0)[..., np.newaxis]   # (N, 28, 28, 1) in [0, 1]
x_train, x_val, y_train, y_val = x[:256], x[256:], labels[:256], labels[256:]
print(x.shape, x.min(), x.max())

# %%
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, batch_size=32, verbose=0)
