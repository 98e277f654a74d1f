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
for epoch in range(2):
    model = make_model()  # expect: DLF-T116
    h = model.fit(X, y, epochs=1, verbose=0)
    print(epoch, h.history["accuracy"][0])
