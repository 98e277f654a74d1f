# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(40, 3)).astype("float32")
stars = rng.integers(1, 6, 40)            # ratings 1..5
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
# %%
stars = stars - 1            # classes 0..4  dlfault-fix
model.fit(X, stars, epochs=1, verbose=0)  # dlfault-fix
