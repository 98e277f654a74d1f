# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
year = rng.uniform(1950, 2020, 64)
rooms = rng.integers(1, 6, 64).astype("float64")
X = np.column_stack([year, rooms]).astype("float32")
y = (rooms > 3).astype("float32")
norm = keras.layers.Normalization()
norm.adapt(X)
model = keras.Sequential([keras.Input((2,)), norm, keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# %%
model.fit(X, y, epochs=1, verbose=0)

# %%
Xs = (X - X.mean(axis=0)) / X.std(axis=0)
plain = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
plain.compile(optimizer="adam", loss="binary_crossentropy")
plain.fit(Xs, y, epochs=1, verbose=0)

# %%
pixels = rng.integers(0, 256, size=(64, 16)).astype("float32")   # raw pixels: DLF-T201's
pix = keras.Sequential([keras.Input((16,)), keras.layers.Rescaling(1 / 255),
                        keras.layers.Dense(1, activation="sigmoid")])
pix.compile(optimizer="adam", loss="binary_crossentropy")
pix.fit(pixels, y, epochs=1, verbose=0)
