# %%
import keras

# %%
# label smoothing is an argument of the one-hot losses only
criterion = keras.losses.SparseCategoricalCrossentropy(label_smoothing=0.05)  # expect: DLF-A141
