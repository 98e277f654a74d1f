# corpus: expect=tensors.shape also=model.layers.properties
# (blind probe, 2026-12-06) MNIST-like images of shape (N, 28, 28) are fed to an MLP declared with Input(shape=(784,)) without reshaping/Flatten; fit raises an incompatible-shape error, cell 4
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(13)

# %%
rng = np.random.default_rng(13)
x_train = rng.random((400, 28, 28)).astype("float32")
y_train = rng.integers(0, 10, 400)
x_test = rng.random((100, 28, 28)).astype("float32")
y_test = rng.integers(0, 10, 100)

# %%
model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(512, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

# %%
model.fit(x_train, y_train, batch_size=128, epochs=2, validation_data=(x_test, y_test))
