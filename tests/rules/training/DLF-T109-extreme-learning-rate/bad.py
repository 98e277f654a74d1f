# %%
import keras

# %% expect: DLF-T109
model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.5), loss="mse")

# %% expect: DLF-T109
opt = keras.optimizers.SGD(learning_rate=1e-9)
