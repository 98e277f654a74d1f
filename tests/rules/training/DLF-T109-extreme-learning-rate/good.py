# %%
import keras

# %%
model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-4), loss="mse")
opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
sched = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=100, decay_rate=0.9)
opt2 = keras.optimizers.Adam(learning_rate=sched)

# %%
# the TF regression tutorial: a one-layer linear model with Adam(0.1)
lin = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units=1)])
lin.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mean_absolute_error")
