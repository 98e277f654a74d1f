# %%
import keras

# %% expect: DLF-T109
model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.5), loss="mse")

# %% expect: DLF-T109
opt = keras.optimizers.SGD(learning_rate=1e-9)

# %% expect: DLF-T109
net = keras.Sequential([keras.Input((10,)), keras.layers.Dense(32, activation="relu"),
                        keras.layers.Dense(32, activation="relu"), keras.layers.Dense(3)])
net.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.1), loss="mse")
