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
model.fit(X, y, shuffle=True, epochs=1, verbose=0)   # the default  dlfault-fix
