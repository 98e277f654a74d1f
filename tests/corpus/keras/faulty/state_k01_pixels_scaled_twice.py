# corpus: expect=training.preprocessing set=state
# Small grayscale-image classifier. The pixel-scaling cell rewrites x_train from itself
# (x_train = x_train.astype("float32") / 255); the user runs it again after inspecting an image.
# Training pixels end up in [0, 0.004] while the validation/test images were scaled once.
# Sources: stackoverflow.com/questions/52398936 (trainX /= 255 in place in a notebook);
# community.deeplearning.ai/t/week-2-assignment-1/294263 (why x is divided by 255);
# Pimentel et al., "A Large-scale Study about Quality and Reproducibility of Jupyter Notebooks", MSR 2019.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
def make_images(n):
    y = rng.integers(0, 4, n)
    x = rng.integers(0, 60, size=(n, 12, 12)).astype("uint8")
    for i, c in enumerate(y):
        x[i, 3 * c:3 * c + 3, :] = 230
    return x, y
x_train, y_train = make_images(800)
x_test, y_test = make_images(200)

# %% scale test pixels
x_test = x_test.astype("float32") / 255

# %% scale pixels to [0, 1]
x_train = x_train.astype("float32") / 255

# %%
print(x_train[0].max(), y_train[0])

# %% scale pixels to [0, 1]
x_train = x_train.astype("float32") / 255

# %%
model = keras.Sequential([
    keras.Input(shape=(12, 12)),
    layers.Flatten(),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=32, validation_split=0.2, verbose=0)
print(model.evaluate(x_test, y_test, verbose=0))
