# corpus: expect=training.data_quality
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(400, 6)).astype("float32")
X[rng.random((400, 6)) < 0.03] = np.nan     # missing values from the CSV
y = rng.normal(size=400).astype("float32")

# %%
model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
history = model.fit(X, y, epochs=3, verbose=0)
print(history.history["loss"])
