# %%
import keras

# %%
opt = keras.optimizers.Adam(lr=0.001)  # expect: DLF-A101
