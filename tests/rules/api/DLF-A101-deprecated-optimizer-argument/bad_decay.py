# %%
import keras

# %%
# Keras 3 accepts decay= only to warn that it ignores it: the rate stays 0.1
opt = keras.optimizers.SGD(learning_rate=0.1, decay=1e-4, momentum=0.9)  # expect: DLF-A101
