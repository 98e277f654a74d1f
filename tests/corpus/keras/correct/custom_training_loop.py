# corpus: correct
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.uniform(-1, 1, size=(256, 4)).astype("float32")
y = (X.sum(axis=1, keepdims=True) * 2.0).astype("float32")   # (N, 1) like the output
dataset = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(256).batch(32)

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(learning_rate=1e-2)
loss_fn = keras.losses.MeanSquaredError()

# %%
@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        pred = model(xb, training=True)
        loss = loss_fn(yb, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss

for epoch in range(3):
    for xb, yb in dataset:
        loss = train_step(xb, yb)
    print("epoch", epoch, "loss", float(loss))
