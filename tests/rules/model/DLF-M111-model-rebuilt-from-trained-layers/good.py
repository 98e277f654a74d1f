# %%
import numpy as np
import keras

rng = np.random.default_rng(19)
feats = rng.normal(size=(120, 6)).astype("float32")
target = rng.normal(size=120).astype("float32")


def build():
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(32, activation="relu"),
                             keras.layers.Dense(1)])


# %%
errors = []
for start in range(0, 120, 40):
    held = np.arange(start, start + 40)
    kept = np.setdiff1d(np.arange(120), held)
    reg = build()
    reg.compile(optimizer="adam", loss="mse")
    reg.fit(feats[kept], target[kept], epochs=2, batch_size=16, verbose=0)
    errors.append(reg.evaluate(feats[held], target[held], verbose=0))

# %%
# transfer on purpose, outside any loop: a new head on the trained hidden layer
probe = keras.Sequential([keras.Input((6,)), reg.layers[0], keras.layers.Dense(3)])
probe.compile(optimizer="adam", loss="mse")
