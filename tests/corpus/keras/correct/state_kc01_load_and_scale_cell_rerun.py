# corpus: correct set=state
# The data cell generates (in a real notebook: loads) the raw arrays and writes the scaled
# copies under new names in the same cell, so re-running it (done here) reloads from the
# source and scales once. Compare stackoverflow.com/questions/52398936, where the arrays are
# divided in place; here nothing rewrites itself. Validation data is passed to fit().
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

# %% load + scale
rng = np.random.default_rng(0)
def make_images(n):
    y = rng.integers(0, 4, n)
    x = rng.integers(0, 60, size=(n, 12, 12)).astype("uint8")
    for i, c in enumerate(y):
        x[i, 3 * c:3 * c + 3, :] = 230
    return x, y
x_train_raw, y_train = make_images(800)
x_test_raw, y_test = make_images(200)
x_train = x_train_raw.astype("float32") / 255.0
x_test = x_test_raw.astype("float32") / 255.0
print(x_train.min(), x_train.max())

# %% load + scale
rng = np.random.default_rng(0)
def make_images(n):
    y = rng.integers(0, 4, n)
    x = rng.integers(0, 60, size=(n, 12, 12)).astype("uint8")
    for i, c in enumerate(y):
        x[i, 3 * c:3 * c + 3, :] = 230
    return x, y
x_train_raw, y_train = make_images(800)
x_test_raw, y_test = make_images(200)
x_train = x_train_raw.astype("float32") / 255.0
x_test = x_test_raw.astype("float32") / 255.0
print(x_train.min(), x_train.max())

# %% model
keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input(shape=(12, 12, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train[..., None], y_train, epochs=5, batch_size=32, validation_split=0.2, verbose=0)
print(model.evaluate(x_test[..., None], y_test, verbose=0))
