# %%
import numpy as np
import keras

keras.utils.set_random_seed(7)

# %%
rng = np.random.default_rng(3)
feats = rng.normal(size=(1500, 12)).astype("float32")
target = (feats[:, :3].sum(axis=1, keepdims=True) > 0).astype("float32")

# %%
# few epochs, but small batches over many samples: 3 x 47 = 141 updates
clf = keras.Sequential([keras.Input((12,)), keras.layers.Dense(32, activation="tanh"),
                        keras.layers.Dense(1, activation="sigmoid")])
clf.compile(optimizer="adam", loss="binary_crossentropy")
run = clf.fit(feats, target, batch_size=32, epochs=3, verbose=0)

# %%
# full batch on purpose, with enough epochs: 80 updates
reg = keras.Sequential([keras.Input((12,)), keras.layers.Dense(1)])
reg.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
log = reg.fit(feats, target, batch_size=len(feats), epochs=80, validation_split=0.2,
              verbose=0)

# %%
# a short run with small batches: 3 x 10 = 30 updates, a quick look, not a full-batch setup
quick = keras.Sequential([keras.Input((12,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
quick.compile(optimizer="adam", loss="binary_crossentropy")
trace = quick.fit(feats[:640], target[:640], batch_size=64, epochs=3, verbose=0)
