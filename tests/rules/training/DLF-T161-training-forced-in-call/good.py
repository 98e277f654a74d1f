# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

# %% training=True in the training loop, outside call(), is how a custom loop trains
class Tower(keras.Model):
    def __init__(self):
        super().__init__()
        self.drop = layers.Dropout(0.3)
        self.out_layer = layers.Dense(1)

    def call(self, inputs, training=False):
        return self.out_layer(self.drop(inputs, training=training))


tower = Tower()
batch = np.ones((4, 3), "float32")
with tf.GradientTape() as tape:
    val = tf.reduce_sum(tower(batch, training=True))
