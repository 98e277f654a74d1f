# corpus: expect=model.type
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_train = rng.normal(size=(400, 10)).astype("float32")
y_train = (x_train[:, 0] + x_train[:, 1] > 0).astype("int32") + (x_train[:, 2] > 1).astype("int32")

# %%
model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu", kernel_initializer="zeros"),
    layers.Dense(32, activation="relu", kernel_initializer="zeros"),
    layers.Dense(3, activation="softmax", kernel_initializer="zeros"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
history = model.fit(x_train, y_train, epochs=3, batch_size=32, verbose=0)
print(history.history["loss"])
