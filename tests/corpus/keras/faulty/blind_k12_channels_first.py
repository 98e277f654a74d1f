# corpus: expect=tensors.input
# (blind probe, 2026-12-06) images are stored channels-first (N, 1, 28, 28) but fed to Conv2D layers that default to channels_last; padding='same' hides it, so the net convolves over a 1x28 "image" with 28 channels, cell 2
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(12)

# %%
# arrays exported from a PyTorch pipeline: NCHW
rng = np.random.default_rng(12)
N = 500
y = rng.integers(0, 10, N)
protos = rng.random((10, 1, 28, 28)).astype("float32")
X = np.clip(protos[y] + 0.2 * rng.standard_normal((N, 1, 28, 28)), 0, 1).astype("float32")
x_train, y_train, x_test, y_test = X[:400], y[:400], X[400:], y[400:]
print(x_train.shape)

# %%
model = keras.Sequential([
    keras.Input(shape=x_train.shape[1:]),
    layers.Conv2D(32, (3, 3), padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(1, 2)),
    layers.Conv2D(64, (3, 3), padding="same", activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()

# %%
model.fit(x_train, y_train, batch_size=64, epochs=2, verbose=2)
print(model.evaluate(x_test, y_test, verbose=0))
