# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 4)).astype("float32")
y = (X[:, 0] > 0).astype("float32")


def make_model(units=8):
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return m


# %%
model = make_model()
for epoch in range(2):
    h = model.fit(X, y, epochs=1, verbose=0)
    print(epoch, h.history["accuracy"][0])

# %%
scores = {}
for units in (4, 8):              # a small search: one fresh model per setting
    model = make_model(units)
    model.fit(X, y, epochs=1, verbose=0)
    scores[units] = model.evaluate(X, y, verbose=0)[1]

# %%
for fold in range(2):             # cross-validation: a fresh model per fold
    val = np.arange(64) % 2 == fold
    model = make_model()
    model.fit(X[~val], y[~val], epochs=1, verbose=0)
