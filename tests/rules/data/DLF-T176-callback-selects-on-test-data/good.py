# %%
import numpy as np
import keras

rng = np.random.default_rng(5)
feats = rng.normal(size=(400, 6)).astype("float32")
target = (feats @ rng.normal(size=6) + 0.1 * rng.normal(size=400)).astype("float32")
x_tr, t_tr = feats[:260], target[:260]
x_val, t_val = feats[260:320], target[260:320]
x_test, t_test = feats[320:], target[320:]

# %%
reg = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(16, activation="relu"),
                        keras.layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse", metrics=["mae"])
stopper = keras.callbacks.EarlyStopping(monitor="val_mae", patience=1, restore_best_weights=True)

# %%
reg.fit(x_tr, t_tr, epochs=4, batch_size=32, validation_data=(x_val, t_val), callbacks=[stopper], verbose=0)
print(reg.evaluate(x_test, t_test, verbose=0))
