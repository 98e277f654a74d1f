# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
year = rng.uniform(1950, 2020, 64)
rooms = rng.integers(1, 6, 64).astype("float64")
X = np.column_stack([year, rooms]).astype("float32")
y = (rooms > 3).astype("float32")
norm = keras.layers.Normalization()  # dlfault-fix
norm.adapt(X)                       # training data only  dlfault-fix
model = keras.Sequential([keras.Input(shape=(2,)), norm, keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])  # noqa: E501  dlfault-fix
model.compile(optimizer="adam", loss="binary_crossentropy")

# %%
model.fit(X, y, epochs=1, verbose=0)
