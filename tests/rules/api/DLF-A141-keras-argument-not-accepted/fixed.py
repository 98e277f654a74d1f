# %%
import keras

# %%
# CategoricalCrossentropy expects one-hot labels: keras.utils.to_categorical(y, num_classes)
criterion = keras.losses.CategoricalCrossentropy(label_smoothing=0.05)  # dlfault-fix
