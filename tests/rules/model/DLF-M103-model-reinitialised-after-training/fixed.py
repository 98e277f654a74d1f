# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 2, size=64)

def build():
    m = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return m


# %%
model = build()

# %%
model.fit(X, y, epochs=1, verbose=0)

# %%
X_test = rng.normal(size=(16, 6)).astype("float32")   # held-out data
y_test = rng.integers(0, 2, size=16)

# %%
model.evaluate(X_test, y_test, verbose=0)       # cell 3 - do not re-run cell 1 in between  dlfault-fix

# %%
base = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu")])
net = keras.Sequential([base, keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer="adam", loss="binary_crossentropy")
net.fit(X, y, epochs=1, verbose=0)

# %%
preds = net.predict(X_test, verbose=0)  # dlfault-fix
