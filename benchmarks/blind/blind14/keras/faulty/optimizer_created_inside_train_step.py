# corpus: expect=training.optimizer set=blind14
# (blind 2026-12-07) In the custom GradientTape loop a new keras.optimizers.Adam() is created for every batch, so Adam's moment estimates and step counter are reset each step (every update is a bias-corrected first step of size ~lr*sign(g)) instead of adapting over training. https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, d = 2048, 16
X = np.random.randn(n, d).astype("float32")
y = (X @ np.random.randn(d, 1) + 0.1 * np.random.randn(n, 1)).astype("float32")
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(n).batch(64)

# %%
model = keras.Sequential([keras.Input(shape=(d,)), layers.Dense(32, activation="relu"), layers.Dense(1)])
loss_fn = keras.losses.MeanSquaredError()

def train_step(xb, yb):
    optimizer = keras.optimizers.Adam(learning_rate=1e-2)
    with tf.GradientTape() as tape:
        loss = loss_fn(yb, model(xb, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss

# %%
for epoch in range(4):
    losses = [float(train_step(xb, yb)) for xb, yb in ds]
    print(f"epoch {epoch} mse {np.mean(losses):.4f}")
