# %%
import keras

# %%
model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")

# %%
opt = keras.optimizers.SGD(learning_rate=1e-3)  # dlfault-fix

# %%
net = keras.Sequential([keras.Input((10,)), keras.layers.Dense(32, activation="relu"),
                        keras.layers.Dense(32, activation="relu"), keras.layers.Dense(3)])
net.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3), loss="mse")
