# %%
import keras

# %%
opt = keras.optimizers.Adam(learning_rate=0.001)
