# %%
import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.normal(size=(32, 3)).astype("float32")
y = X.sum(axis=1).astype("float32")            # shape (32,)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
opt = keras.optimizers.SGD(learning_rate=0.01)

# %%
for i in range(0, 32, 16):
    xb, yb = X[i:i + 16], y[i:i + 16]
    with tf.GradientTape() as tape:
        pred = tf.squeeze(model(xb, training=True), axis=-1)
        loss = tf.reduce_mean(tf.square(pred - yb))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))

# %%
for i in range(0, 32, 16):
    xb, yb = X[i:i + 16], y[i:i + 16, None]       # (16, 1) targets
    with tf.GradientTape() as tape:
        pred = model(xb, training=True)
        loss = tf.reduce_mean(tf.square(pred - yb))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))

# %%
y_pred = model.predict(X, verbose=0)
rmse = np.sqrt(np.mean((y_pred.ravel() - y) ** 2))
preds = model.predict(X, verbose=0).flatten()
mae = np.mean(np.abs(preds - y))
