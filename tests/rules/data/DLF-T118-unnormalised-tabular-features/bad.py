# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
year = rng.uniform(1950, 2020, 64)
rooms = rng.integers(1, 6, 64).astype("float64")
X = np.column_stack([year, rooms]).astype("float32")
y = (rooms > 3).astype("float32")
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# %%
model.fit(X, y, epochs=1, verbose=0)  # expect: DLF-T118
