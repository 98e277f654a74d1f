# %%
import numpy as np
import keras

rng = np.random.default_rng(7)
feat = rng.normal(size=(160, 6)).astype("float32")
ids = rng.integers(0, 4, size=160)
target = np.eye(4, dtype="float32")[ids]

# %%
clf = keras.Sequential([
    keras.Input((6,)),
    keras.layers.Dense(10, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),  # dlfault-fix
])
clf.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])  # dlfault-fix
clf.fit(feat[:128], target[:128], epochs=1, batch_size=32, verbose=0)
