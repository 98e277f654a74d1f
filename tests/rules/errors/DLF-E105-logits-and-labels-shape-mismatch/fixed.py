# %%
import tensorflow as tf

logits = tf.zeros((4, 10))
class_ids = tf.constant([1, 0, 3, 9])

# %%
labels = class_ids
loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)   # dlfault-fix
