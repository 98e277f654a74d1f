# corpus: expect=model.layers.properties set=blind14
# (blind 2026-12-07) The model's Input is declared with shape=(8,) for the original eight columns, but the feature-engineering cell before it added a ninth column (rooms_per_household), so fit raises "Input 0 ... of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to have value 8, but received input with shape (None, 9)". https://taourl.com/read-2014044.html
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n = 1500
df = pd.DataFrame(np.random.rand(n, 8) * [10, 50, 8, 2, 3000, 5, 40, 120],
                  columns=["med_inc", "age", "rooms", "bedrooms", "population", "occupancy", "lat", "lon"])
df["households"] = (df.population / df.occupancy).round()
df["price"] = 0.5 * df.med_inc + 0.01 * df.rooms + np.random.randn(n) * 0.2
feature_cols = ["med_inc", "age", "rooms", "bedrooms", "population", "occupancy", "lat", "lon"]

# %%
df["rooms_per_household"] = df.rooms / df.households.clip(lower=1)
feature_cols = feature_cols + ["rooms_per_household"]
X = df[feature_cols].values.astype("float32")
X = (X - X.mean(0)) / X.std(0)
y = df.price.values.astype("float32")

# %%
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X, y, epochs=5, batch_size=64, validation_split=0.2, verbose=0)
print(model.evaluate(X, y, verbose=0))
