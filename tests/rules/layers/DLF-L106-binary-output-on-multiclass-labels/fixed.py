# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 3, size=64)

# %%
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])  # dlfault-fix
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # dlfault-fix
model.fit(X, y, epochs=1, verbose=0)
