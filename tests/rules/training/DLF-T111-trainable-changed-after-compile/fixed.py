# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 2, size=64)
base = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu")],
                        name="base")
model = keras.Sequential([base, keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=1, verbose=0)

# %%
base.trainable = False  # dlfault-fix
model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="binary_crossentropy", metrics=["accuracy"])  # re-compile  dlfault-fix
model.fit(X, y, epochs=1, verbose=0)  # dlfault-fix

# %%
base.trainable = True           # unfreeze for fine-tuning ...  dlfault-fix
model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="binary_crossentropy", metrics=["accuracy"])  # re-compile  dlfault-fix

# %%
model.fit(X, y, epochs=1, verbose=0)
