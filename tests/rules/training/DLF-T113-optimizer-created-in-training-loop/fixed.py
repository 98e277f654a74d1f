# %%
import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.normal(size=(32, 4)).astype("float32")
y = rng.integers(0, 2, 32)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# %%
opt = keras.optimizers.Adam(learning_rate=1e-3)   # once, before the loop  dlfault-fix
for i in range(0, 32, 16):
    with tf.GradientTape() as tape:
        loss = loss_fn(y[i:i + 16], model(X[i:i + 16], training=True))
    grads = tape.gradient(loss, model.trainable_variables)  # dlfault-fix
    opt.apply_gradients(zip(grads, model.trainable_variables))  # dlfault-fix
