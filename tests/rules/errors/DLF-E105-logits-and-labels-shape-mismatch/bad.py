# %%
import tensorflow as tf

logits = tf.zeros((4, 10))
class_ids = tf.constant([1, 0, 3, 9])

# %%
loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(class_ids[:, None], tf.float32), logits=logits)  # expect: DLF-E105
