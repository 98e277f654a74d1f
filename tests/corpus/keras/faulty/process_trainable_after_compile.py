# corpus: expect=training.process also=api
# %% [markdown]
# Transfer learning: freeze the base, train the head

# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
X = rng.normal(size=(320, 16)).astype("float32")
y = rng.integers(0, 3, 320)

base = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(32, activation="relu"),
                         layers.Dense(32, activation="relu")], name="base")
model = keras.Sequential([base, layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
# first train the whole network a little
model.fit(X, y, epochs=2, batch_size=32, verbose=0)

# %%
# now freeze the base and keep training only the head (but no re-compile)
base.trainable = False
model.fit(X, y, epochs=2, batch_size=32, verbose=0)
