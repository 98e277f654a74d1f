# corpus: expect=model.layers.choice
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(480, 20)).astype("float32")
y = rng.integers(0, 4, 480)
x[np.arange(480), y] += 2

# %%
# add dropout to avoid overfitting
model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(4, activation="softmax"),
    layers.Dropout(0.5),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=3, batch_size=32, verbose=0)
print(model.evaluate(x, y, verbose=0))
