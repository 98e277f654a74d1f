# corpus: expect=training.loss also=model.layers.activation
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(450, 12)).astype("float32")
y = rng.integers(0, 6, 450)
x[np.arange(450), y] += 2.0

# %%
model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(6, activation="softmax"),
])
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(x, y, epochs=3, batch_size=32, verbose=0)
