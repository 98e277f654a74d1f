# %%
import numpy as np
import keras

keras.utils.set_random_seed(7)

# %%
rng = np.random.default_rng(3)
feats = rng.normal(size=(1500, 12)).astype("float32")
target = (feats[:, :3].sum(axis=1, keepdims=True) > 0).astype("float32")

# %%
clf = keras.Sequential([keras.Input((12,)), keras.layers.Dense(32, activation="tanh"),
                        keras.layers.Dense(1, activation="sigmoid")])
clf.compile(optimizer="adam", loss="binary_crossentropy")
run = clf.fit(feats, target, batch_size=32, epochs=8, verbose=0)  # dlfault-fix
