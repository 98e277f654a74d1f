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
# a copy of the trained model: architecture, then its weights
backup = keras.models.clone_model(reg)
backup.set_weights(reg.get_weights())
backup.compile(optimizer="sgd", loss="mse")
print(backup.evaluate(feats, target, verbose=0))

# %%
# the same architecture trained again from scratch on purpose
fresh = keras.models.clone_model(reg)
fresh.compile(optimizer="adam", loss="mse")
fresh.fit(feats, target, epochs=2, batch_size=32, verbose=0)
pred = fresh.predict(feats[:8], verbose=0)
fresh.save("/tmp/dlf_m103_good_clone.keras")
