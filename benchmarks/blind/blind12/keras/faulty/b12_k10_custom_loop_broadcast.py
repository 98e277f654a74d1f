# corpus: expect=tensors.shape also=training.loss set=blind12
# (blind 2026-12-07) In the custom GradientTape loop the targets from tf.data have shape (batch,) and the predictions (batch, 1), so tf.square(y - pred) broadcasts to (batch, batch) and the model regresses to the mean (train_step cell). https://github.com/keras-team/keras/issues/19662
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(10)
X = np.random.randn(1024, 6).astype("float32")
y = (X @ np.array([1., -2., .5, 0., 3., -1.], dtype="float32") + 0.1 * np.random.randn(1024)).astype("float32")
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(1024).batch(64)
# %%
model = tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(1e-2)
@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        pred = model(xb, training=True)
        loss = tf.reduce_mean(tf.square(yb - pred))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
# %%
for epoch in range(15):
    for xb, yb in ds:
        loss = train_step(xb, yb)
pred = model.predict(X, verbose=0)[:, 0]
print("loss", float(loss), "true mse", float(np.mean((pred - y) ** 2)), "pred std", pred.std(), "y std", y.std())
