# corpus: expect=model.layers.properties also=tensors.input,tensors.shape
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
images = rng.random((256, 28, 28)).astype("float32")
labels = rng.integers(0, 10, 256)

# %%
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
model.fit(images, labels, epochs=2, batch_size=32, verbose=0)
