# corpus: expect=gpu also=training.process
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

print(tf.config.list_physical_devices("GPU"))
rng = np.random.default_rng(0)
X = tf.constant(rng.normal(size=(512, 10)).astype("float32"))
y = tf.constant(rng.integers(0, 3, 512))
model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(32, activation="relu"),
                          keras.layers.Dense(3)])
opt = keras.optimizers.Adam(1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# %%
losses = []
with tf.device("/GPU:0"):
    for epoch in range(2):
        for i in range(0, 512, 16):
            with tf.GradientTape() as tape:
                loss = loss_fn(y[i:i + 16], model(X[i:i + 16], training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
            losses.append(loss.numpy())
            acc = np.mean(np.argmax(model(X[i:i + 16]).numpy(), axis=1) == y[i:i + 16].numpy())
        print(epoch, np.mean(losses[-32:]), acc)
