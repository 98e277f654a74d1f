# corpus: expect=training.optimizer
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(256, 8)).astype("float32")
y = rng.integers(0, 2, 256)
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(2)])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# %%
for epoch in range(2):
    for i in range(0, 256, 32):
        with tf.GradientTape() as tape:
            loss = loss_fn(y[i:i + 32], model(X[i:i + 32], training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    print(epoch, float(loss))
