# %%
import numpy as np
import tensorflow as tf

# %%
weights = tf.Variable(tf.zeros((3, 3)))
scale = tf.keras.layers.Dense(2)
scale.build((None, 3))

# %%
gpus = tf.config.list_physical_devices("GPU")
for g in gpus:
    tf.config.experimental.set_memory_growth(g, True)  # expect: DLF-G111
