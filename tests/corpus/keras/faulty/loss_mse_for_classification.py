# corpus: expect=training.loss
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(400, 10)).astype("float32")
labels = rng.integers(0, 3, 400)
Y = keras.utils.to_categorical(labels, 3)

model = keras.Sequential([
    keras.Input(shape=(10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="mean_squared_error", metrics=["accuracy"])

# %%
model.fit(X, Y, epochs=3, batch_size=32, verbose=0)
