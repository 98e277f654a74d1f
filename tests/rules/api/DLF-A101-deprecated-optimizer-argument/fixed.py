# %%
import keras

# %%
keras.optimizers.Adam(learning_rate=0.001)  # dlfault-fix
