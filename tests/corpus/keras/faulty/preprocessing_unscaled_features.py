# corpus: expect=training.preprocessing
# %% [markdown]
# House prices: surface (m²), year built, distance to centre (km)

# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
surface = rng.uniform(30, 250, 500)
year = rng.uniform(1900, 2020, 500)
dist = rng.uniform(0.1, 1.5, 500)
X = np.column_stack([surface, year, dist]).astype("float32")
y = (3000 * surface - 20000 * dist + rng.normal(0, 5000, 500)).astype("float32")

# %%
model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X, y, epochs=3, batch_size=32, verbose=0)
