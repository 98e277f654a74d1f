# %%
import numpy as np
import tensorflow as tf
for gpu in tf.config.list_physical_devices("GPU"):  # dlfault-fix
    tf.config.experimental.set_memory_growth(gpu, True)  # dlfault-fix

# %%
weights = tf.Variable(tf.zeros((3, 3)))
scale = tf.keras.layers.Dense(2)
scale.build((None, 3))
