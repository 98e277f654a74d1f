# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(60, 6)).astype("float32")
y = np.repeat([0, 1, 2], 20)          # sorted by class

perm = rng.permutation(len(y))
X, y = X[perm], y[perm]

# %%
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, validation_split=0.2, verbose=0)

# %%
# time-ordered regression targets: the last part is the right validation set
t = np.linspace(0, 1, 60).astype("float32")
reg = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse")
reg.fit(X, t, epochs=1, validation_split=0.2, shuffle=False, verbose=0)
