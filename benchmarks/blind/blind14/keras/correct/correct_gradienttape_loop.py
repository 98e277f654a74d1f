# corpus: correct set=blind14
# (blind 2026-12-07) Custom GradientTape loop: optimizer created once outside the loop, forward pass and loss both inside the tape, from_logits=True with a linear output layer, training=True in the train step and training=False for validation. https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, d, k = 2048, 20, 3
centers = np.random.randn(k, d)
y = np.random.randint(0, k, n)
X = (centers[y] + np.random.randn(n, d)).astype("float32")
train_ds = tf.data.Dataset.from_tensor_slices((X[:1800], y[:1800])).shuffle(1800).batch(64)
val_ds = tf.data.Dataset.from_tensor_slices((X[1800:], y[1800:])).batch(256)

# %%
model = keras.Sequential([keras.Input(shape=(d,)), layers.Dense(64, activation="relu"), layers.Dropout(0.2), layers.Dense(k)])
optimizer = keras.optimizers.Adam(1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
val_acc = keras.metrics.SparseCategoricalAccuracy()

@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        logits = model(xb, training=True)
        loss = loss_fn(yb, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss

# %%
for epoch in range(3):
    for xb, yb in train_ds:
        loss = train_step(xb, yb)
    val_acc.reset_state()
    for xb, yb in val_ds:
        val_acc.update_state(yb, model(xb, training=False))
    print(epoch, float(loss), float(val_acc.result()))
