# %%
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(2)
inputs = rng.normal(size=(96, 4)).astype("float32")
price = (inputs @ np.array([2.0, -1.0, 0.5, 1.0], dtype="float32")).astype("float32")
batches = tf.data.Dataset.from_tensor_slices((inputs, price)).batch(16)

# %%
reg = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(0.01)


def fit_batch(feat, price_b):
    with tf.GradientTape() as tape:
        out = reg(feat, training=True)
        out = tf.squeeze(out, axis=-1)             # (N, 1) -> (N,); then `price_b - out` as before  dlfault-fix
        err = tf.reduce_mean(tf.abs(price_b - out))
    grads = tape.gradient(err, reg.trainable_variables)
    opt.apply_gradients(zip(grads, reg.trainable_variables))
    return err


# %%
for feat_b, price_b in batches:
    last = fit_batch(feat_b, price_b)
