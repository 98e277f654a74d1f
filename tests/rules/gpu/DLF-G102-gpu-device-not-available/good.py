# %%
import tensorflow as tf

a = tf.ones((4, 4))

# %%
gpus = tf.config.list_physical_devices("GPU")
device = "/GPU:0" if gpus else "/CPU:0"
with tf.device(device):
    b = tf.matmul(a, a)
with tf.device("/CPU:0"):
    c = tf.matmul(a, a)
