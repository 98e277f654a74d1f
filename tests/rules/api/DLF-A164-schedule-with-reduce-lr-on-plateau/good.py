# %%
import numpy as np
import keras

# %% a schedule with other callbacks; ReduceLROnPlateau with a constant rate
sched = keras.optimizers.schedules.ExponentialDecay(1e-2, decay_steps=100, decay_rate=0.5)
a = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
a.compile(optimizer=keras.optimizers.Adam(sched), loss="mse")
b = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
b.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
xs = np.linspace(0, 1, 24, dtype="float32").reshape(8, 3)
ys = xs.sum(axis=1, keepdims=True)
cbs = [keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=2)]

# %%
a.fit(xs, ys, epochs=1, verbose=0, callbacks=[keras.callbacks.TerminateOnNaN()])
b.fit(xs, ys, epochs=1, verbose=0, callbacks=cbs)
