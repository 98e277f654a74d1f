# %%
import numpy as np
import keras

rng = np.random.default_rng(4)
feats = rng.normal(size=(400, 6)).astype("float32")
target = (feats @ rng.normal(size=6) + 0.1 * rng.normal(size=400)).astype("float32")
x_tr, t_tr = feats[:320], target[:320]
x_holdout, t_holdout = feats[320:], target[320:]

# %%
reg = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(16, activation="relu"),
                        keras.layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse", metrics=["mae"])
stopper = keras.callbacks.EarlyStopping(monitor="val_mae", patience=1, restore_best_weights=True)

# %%
reg.fit(x_tr, t_tr, epochs=4, batch_size=32, validation_split=0.2, callbacks=[stopper], verbose=0)  # dlfault-fix
print(reg.evaluate(x_holdout, t_holdout, verbose=0))
