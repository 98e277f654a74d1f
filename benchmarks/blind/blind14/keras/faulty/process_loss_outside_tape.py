# corpus: expect=training.process set=blind14
# (blind 2026-12-07) In the custom training loop the forward pass runs inside `with tf.GradientTape()` but the loss is computed after the block, so the tape never recorded the loss computation; tape.gradient returns None for every variable and apply_gradients fails ("No gradients provided for any variable"). https://discuss.tensorflow.org/t/where-does-the-tape-break-after-all/20305
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, d, k = 1024, 20, 3
X = np.random.randn(n, d).astype("float32")
y = np.random.randint(0, k, n)
train_ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(n).batch(64).prefetch(tf.data.AUTOTUNE)

# %%
model = keras.Sequential([keras.Input(shape=(d,)), layers.Dense(64, activation="relu"), layers.Dense(k)])
optimizer = keras.optimizers.Adam(1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
acc_metric = keras.metrics.SparseCategoricalAccuracy()

# %%
for epoch in range(2):
    for xb, yb in train_ds:
        with tf.GradientTape() as tape:
            logits = model(xb, training=True)
        loss = loss_fn(yb, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        acc_metric.update_state(yb, logits)
    print(epoch, float(loss), float(acc_metric.result()))
    acc_metric.reset_state()
