# corpus: expect=api
# %% [markdown]
# Code adapted from a 2018 blog post

# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(320, 6)).astype("float32")
y = keras.utils.to_categorical(rng.integers(0, 3, 320), 3)

def batches(bs=32):
    while True:
        idx = rng.integers(0, len(X), bs)
        yield X[idx], y[idx]

# %%
model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="categorical_crossentropy",
              metrics=["accuracy"])

# %%
model.fit_generator(batches(), steps_per_epoch=10, epochs=2)

# %%
classes = model.predict_classes(X[:5])
