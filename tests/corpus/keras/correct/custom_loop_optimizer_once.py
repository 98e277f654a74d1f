# corpus: correct
# %% [markdown]
# Custom training loop: optimizer created once, predictions squeezed to the target's shape,
# device chosen from what TensorFlow sees

# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.uniform(-1, 1, size=(512, 4)).astype("float32")
y = (np.sin(X[:, 0]) + X[:, 1] ** 2).astype("float32")       # shape (512,)

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(32, activation="relu"),
                          keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(learning_rate=1e-2)
device = "/GPU:0" if tf.config.list_physical_devices("GPU") else "/CPU:0"

# %%
losses = []
with tf.device(device):
    for epoch in range(3):
        for i in range(0, len(X), 64):
            xb, yb = X[i:i + 64], y[i:i + 64]
            with tf.GradientTape() as tape:
                pred = tf.squeeze(model(xb, training=True), axis=-1)    # (64,)
                loss = tf.reduce_mean(tf.square(pred - yb))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
        losses.append(float(loss))             # one host transfer per epoch
        print("epoch", epoch, "loss", losses[-1])
