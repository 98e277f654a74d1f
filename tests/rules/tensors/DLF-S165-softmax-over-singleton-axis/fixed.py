# %%
import tensorflow as tf
import keras

# %%
class TimeAttention(keras.layers.Layer):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.score = keras.layers.Dense(1)

    def call(self, seq):
        e = tf.tanh(self.score(seq))                 # (batch, steps, 1)
        alpha = tf.nn.softmax(e, axis=1)  # dlfault-fix
        return tf.reduce_sum(alpha * seq, axis=1)


pool = TimeAttention()
