# %%
import keras
import numpy as np

rng = np.random.default_rng(4)
inputs = rng.normal(size=(80, 3)).astype("float32")
price = inputs @ np.array([1.5, -2.0, 0.5], dtype="float32")
reg = keras.Sequential([keras.Input((3,)), keras.layers.Dense(6, activation="relu"),
                        keras.layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse", metrics=["mae"])


def make_callbacks():
    return [keras.callbacks.ReduceLROnPlateau(monitor="val_mae", mode="max", factor=0.5,
                                              patience=1)]


schedule_cbs = make_callbacks()
schedule_cbs[0] = keras.callbacks.ReduceLROnPlateau(monitor="val_mae", mode="min", factor=0.5, patience=1)  # dlfault-fix

# %%
reg.fit(inputs, price, validation_split=0.25, epochs=2, verbose=0,
        callbacks=schedule_cbs)
