# corpus: expect=training.preprocessing
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_train = rng.integers(0, 256, size=(256, 28, 28, 1)).astype("float32")
y_train = rng.integers(0, 10, 256)
print(x_train.min(), x_train.max())

# %%
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
