# %%
import numpy as np
import tensorflow as tf
import keras

# %%
net = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])
opt = keras.optimizers.SGD(0.1)
xb = np.ones((4, 5), "float32")


def update(batch):
    with tf.GradientTape() as tape:
        out = tf.reduce_sum(net(batch) ** 2)
    gs = tape.gradient(out, net.trainable_variables)
    gs = [tf.clip_by_norm(g, 0.5) for g in gs]
    gs[0] * 2.0
    gs, _ = tf.clip_by_global_norm(gs, 0.5)  # dlfault-fix
    opt.apply_gradients(zip(gs, net.trainable_variables))


update(xb)
