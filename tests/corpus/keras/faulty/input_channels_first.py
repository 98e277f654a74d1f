# corpus: expect=tensors.input also=tensors.shape,model.layers.properties
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
# RGB images stored channels-first, like in a PyTorch tutorial
x_train = rng.random((200, 3, 32, 32)).astype("float32")
y_train = rng.integers(0, 10, 200)

# %%
model = keras.Sequential([
    keras.Input(shape=x_train.shape[1:]),
    layers.Conv2D(16, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
