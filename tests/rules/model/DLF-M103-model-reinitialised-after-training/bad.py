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
model = build()       # the definition cell was re-run

# %%
model.evaluate(X, y, verbose=0)  # expect: DLF-M103

# %%
base = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu")])
net = keras.Sequential([base, keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer="adam", loss="binary_crossentropy")
net.fit(X, y, epochs=1, verbose=0)

# %%
net = keras.Sequential([base, keras.layers.Dense(1, activation="sigmoid")])   # new head
net.compile(optimizer="adam", loss="binary_crossentropy")
preds = net.predict(X, verbose=0)  # expect: DLF-M103
