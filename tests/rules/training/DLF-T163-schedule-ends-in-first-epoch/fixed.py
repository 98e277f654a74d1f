# %%
import numpy as np
import keras

# %%
feats = np.linspace(-1, 1, 1200, dtype="float32").reshape(400, 3)
target = feats @ np.array([[1.0], [-2.0], [0.5]], "float32")
N_EPOCHS = 4
steps_per_epoch = 20   # dlfault-fix
decay = keras.optimizers.schedules.ExponentialDecay(0.05, decay_steps=N_EPOCHS // 2 * steps_per_epoch,
                                                    decay_rate=0.1)

# %%
reg = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
reg.compile(optimizer=keras.optimizers.SGD(decay), loss="mse")
reg.fit(feats, target, epochs=N_EPOCHS, batch_size=20, verbose=0)
