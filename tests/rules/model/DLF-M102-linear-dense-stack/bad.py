# %%
import keras

# %% expect: DLF-M102
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(64),
    keras.layers.Dense(32),
    keras.layers.Dense(1),
])
