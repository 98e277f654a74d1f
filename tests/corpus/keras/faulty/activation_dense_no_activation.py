# corpus: expect=model.layers.activation also=model.type
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, size=(512, 2)).astype("float32")
y = ((x[:, 0] ** 2 + x[:, 1] ** 2) < 0.5).astype("int32")   # a circle

# %%
model = keras.Sequential([
    keras.Input(shape=(2,)),
    layers.Dense(64),
    layers.Dense(64),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=3, batch_size=32, verbose=0)
print(model.evaluate(x, y, verbose=0))
