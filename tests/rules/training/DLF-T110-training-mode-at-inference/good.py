# %%
import keras
import numpy as np
import tensorflow as tf

X = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dropout(0.5), keras.layers.Dense(1)])

# %%
preds = model(X, training=False)

# %%
opt = keras.optimizers.SGD(0.01)
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(model(X, training=True) ** 2)
grads = tape.gradient(loss, model.trainable_variables)
opt.apply_gradients(zip(grads, model.trainable_variables))

# %%
# Monte-Carlo dropout: repeated stochastic passes on purpose
samples = np.stack([model(X, training=True).numpy() for _ in range(5)])
uncertainty = samples.std(axis=0)
