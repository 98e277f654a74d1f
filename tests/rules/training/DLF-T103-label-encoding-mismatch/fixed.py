# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 3, size=64)

# %%
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # dlfault-fix


def train(epochs=1):
    # caught before it runs: the labels are class numbers, the loss wants one-hot rows
    return model.fit(X, y, epochs=epochs, verbose=0)

# %%
y_onehot = np.eye(3)[y]
model2 = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
model2.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])  # dlfault-fix


def train2(epochs=1):
    return model2.fit(X, y_onehot, epochs=epochs, verbose=0)


# %%
history = train()
history2 = train2()
