# %%
import tensorflow as tf
import keras

# %% expect: DLF-A165
class Bilinear(keras.layers.Layer):
    def __init__(self, dim, **kw):
        super().__init__(**kw)
        self.w = tf.random.normal((dim, dim), stddev=0.05)      # expect: DLF-A165

    def call(self, inputs):
        return tf.reduce_sum((inputs @ self.w) * inputs, axis=-1, keepdims=True)


scorer = keras.Sequential([keras.Input((6,)), Bilinear(6)])
