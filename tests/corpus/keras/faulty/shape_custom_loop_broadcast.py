# corpus: expect=tensors.shape also=training.loss
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.uniform(-1, 1, size=(256, 4)).astype("float32")
y = (X.sum(axis=1) * 2.0).astype("float32")   # shape (256,)

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(learning_rate=1e-2)

# %%
for epoch in range(3):
    for i in range(0, 256, 32):
        xb, yb = X[i:i + 32], y[i:i + 32]
        with tf.GradientTape() as tape:
            pred = model(xb, training=True)
            loss = tf.reduce_mean(tf.square(pred - yb))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    print("epoch", epoch, "loss", float(loss))
