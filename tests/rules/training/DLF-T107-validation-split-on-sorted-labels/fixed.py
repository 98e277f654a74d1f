# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(60, 6)).astype("float32")
y = np.repeat([0, 1, 2], 20)          # sorted by class

# %%
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
perm = np.random.default_rng(0).permutation(len(y))  # dlfault-fix
X, y = X[perm], y[perm]  # dlfault-fix
model.fit(X, y, validation_split=0.2, epochs=1, verbose=0)  # dlfault-fix
