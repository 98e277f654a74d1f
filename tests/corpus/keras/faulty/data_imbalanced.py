# corpus: expect=training.data_quality
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(500, 8)).astype("float32")
y = np.zeros(500, dtype="int32")
y[:6] = 1                     # only 6 positive cases (defects)
X[:6] += 1.0

# %%
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=3, batch_size=32, verbose=0)
print("accuracy:", model.evaluate(X, y, verbose=0)[1])
