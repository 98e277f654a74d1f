# %%
import tensorflow as tf

a = tf.ones((4, 4))

# %%
with tf.device("/device:GPU:64"):  # expect: DLF-G102
    b = tf.matmul(a, a)
