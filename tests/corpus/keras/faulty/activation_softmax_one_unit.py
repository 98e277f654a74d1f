# corpus: expect=model.layers.activation also=model.layers.properties,training.loss
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(2)
X = rng.normal(size=(400, 6)).astype("float32")
y = (X[:, 0] > 0).astype("float32")

# %%
model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
hist = model.fit(X, y, epochs=3, verbose=0)
print(hist.history["accuracy"])
