# %%
import numpy as np
import keras
from keras import layers

import tensorflow as tf

X = np.ones((8, 3), dtype="float32")
net = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
opt = keras.optimizers.SGD(0.01)

# %%
with tf.GradientTape() as tape:
    pred = net(X)
    loss = tf.reduce_mean(pred ** 2)  # dlfault-fix
grads = tape.gradient(loss, net.trainable_variables)
opt.apply_gradients(zip(grads, net.trainable_variables))
