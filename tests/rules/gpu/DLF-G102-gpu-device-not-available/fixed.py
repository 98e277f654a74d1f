# %%
import tensorflow as tf

a = tf.ones((4, 4))

# %%
gpus = tf.config.list_physical_devices("GPU")  # dlfault-fix
device = "/GPU:0" if gpus else "/CPU:0"  # dlfault-fix
print("training on", device)  # dlfault-fix
with tf.device(device):  # dlfault-fix
    b = tf.matmul(a, a)
