# corpus: correct
# %% [markdown]
# Transfer learning done right: freeze, then compile

# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
X = rng.normal(size=(320, 16)).astype("float32")
y = rng.integers(0, 3, 320)

base = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(32, activation="relu"),
                         layers.Dense(32, activation="relu")], name="base")
base.trainable = False
model = keras.Sequential([base, layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
model.fit(X, y, epochs=2, batch_size=32, verbose=0)

# %%
base.trainable = True
model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(X, y, epochs=1, batch_size=32, verbose=0)
