# corpus: correct set=modern area=5
# (blind 2026-12-07) Global-norm clipping with the optimizer's global_clipnorm and, in the custom step, tf.clip_by_global_norm whose result is used. https://keras.io/api/optimizers/
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(512, 40, 3).astype("float32")
y = (x[:, :, 0].sum(1, keepdims=True) * 2.0).astype("float32")

# %%
model = keras.Sequential([keras.Input((40, 3)), layers.SimpleRNN(64), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, global_clipnorm=1.0), loss="mse")
hist = model.fit(x, y, epochs=3, batch_size=64, verbose=0)
print("fit", [round(v, 2) for v in hist.history["loss"]])

# %%
opt = keras.optimizers.SGD(0.01)
xb, yb = x[:64], y[:64]
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(keras.losses.mean_squared_error(yb, model(xb, training=True)))
grads = tape.gradient(loss, model.trainable_variables)
grads, norm = tf.clip_by_global_norm(grads, 1.0)
opt.apply_gradients(zip(grads, model.trainable_variables))
print("custom step ok, pre-clip norm", round(float(norm), 2))
