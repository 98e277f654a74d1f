# corpus: expect=model.layers.choice also=model.layers.properties,tensors.shape
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_train = rng.random((256, 28, 28)).astype("float32")
y_train = rng.integers(0, 10, 256)

# %%
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()

# %%
model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
