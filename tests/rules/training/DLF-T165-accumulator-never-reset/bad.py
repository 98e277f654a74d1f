# %%
import numpy as np
import tensorflow as tf
import keras

# %%
net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
opt = keras.optimizers.SGD(0.01)
sums = [tf.Variable(tf.zeros_like(w), trainable=False) for w in net.trainable_variables]
pts = np.linspace(0, 1, 24, dtype="float32").reshape(8, 3)


def micro_step(step, xb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(net(xb) ** 2) / 2
    grads = tape.gradient(loss, net.trainable_variables)
    for i, g in enumerate(grads):
        sums[i].assign_add(g)
    if step % 2 == 1:
        opt.apply_gradients(zip(sums, net.trainable_variables))   # expect: DLF-T165


for s in range(4):
    micro_step(s, pts)
