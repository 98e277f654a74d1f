# %%
import tensorflow as tf

gpus = tf.config.list_physical_devices("GPU")
if gpus:
    tf.config.set_visible_devices(gpus[:1], "GPU")
    tf.config.experimental.set_memory_growth(gpus[0], True)

# %%
weights = tf.Variable(tf.zeros((3, 3)))

# %%
# listing the devices later is fine: it changes nothing
print(tf.config.list_physical_devices("GPU"), tf.config.list_logical_devices())
