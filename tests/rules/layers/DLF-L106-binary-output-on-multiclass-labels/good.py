# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 3, size=64)

y_bin = (y == 2).astype("float32")

# %%
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y_bin, epochs=1, verbose=0)
