# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dropout(0.5), keras.layers.Dense(1)])

# %%
preds = model(X, training=True)  # expect: DLF-T110
