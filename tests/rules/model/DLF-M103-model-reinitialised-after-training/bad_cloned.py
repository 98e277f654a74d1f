# %%
import numpy as np
import keras

rng = np.random.default_rng(3)
feats = rng.normal(size=(120, 5)).astype("float32")
target = (feats[:, 0] - feats[:, 3]).astype("float32")

reg = keras.Sequential([keras.Input((5,)), keras.layers.Dense(12, activation="tanh"),
                        keras.layers.Dense(1)])
reg.compile(optimizer="sgd", loss="mse")
reg.fit(feats, target, epochs=2, batch_size=32, verbose=0)

# %%
snapshot = keras.models.clone_model(reg)
snapshot.compile(optimizer="sgd", loss="mse")

# %%
pred = snapshot.predict(feats[:8], verbose=0)  # expect: DLF-M103
