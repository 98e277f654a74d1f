# %%
import keras
import numpy as np

keras.mixed_precision.set_global_policy("mixed_float16")

# %% compile() wraps "rmsprop" in a LossScaleOptimizer, whose own learning_rate stays 0.0
feats = np.linspace(-1, 1, 96, dtype="float32").reshape(48, 2)
target = (feats[:, :1] > 0).astype("float32")
net = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                        keras.layers.Dense(1, activation="sigmoid", dtype="float32")])
net.compile(optimizer="rmsprop", loss="binary_crossentropy")
net.fit(feats, target, epochs=1, batch_size=16, verbose=0)

# %%
keras.mixed_precision.set_global_policy("float32")
