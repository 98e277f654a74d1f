# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 4)).astype("float32")
y = (X[:, 0] > 0).astype("float32")


def make_model():
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return m


# %%
model = make_model()                  # once  dlfault-fix
history = model.fit(X, y, verbose=0, epochs=2)          # Keras loops over the epochs itself  dlfault-fix
print(history.history["accuracy"])
