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
        pred = model(xb, training=True)
        pred = tf.squeeze(pred, axis=-1)             # (16, 1) -> (16,)  dlfault-fix
        loss = tf.reduce_mean(tf.square(pred - yb))
        # or: loss = keras.losses.MeanSquaredError()(yb, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))

# %%
# test RMSE computed by hand on predict's (N, 1) output
y_pred = model.predict(X, verbose=0)
y_pred = tf.squeeze(y_pred, axis=-1)             # (32, 1) -> (32,)  dlfault-fix
loss = tf.reduce_mean(tf.square(y_pred - y))
# or: loss = keras.losses.MeanSquaredError()(y, y_pred)
