# %%
import tensorflow as tf
import keras

# %%
class Bilinear(keras.layers.Layer):
    def __init__(self, dim, **kw):
        super().__init__(**kw)
        self.w = self.add_weight(shape=(dim, dim), initializer="glorot_uniform", trainable=True)  # dlfault-fix

    def call(self, inputs):
        return tf.reduce_sum((inputs @ self.w) * inputs, axis=-1, keepdims=True)


scorer = keras.Sequential([keras.Input((6,)), Bilinear(6)])
