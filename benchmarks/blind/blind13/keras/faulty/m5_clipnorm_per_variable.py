# corpus: expect=training.optimizer also=training.hyperparameters set=modern area=5
# (blind 2026-12-07) In the compile cell Adam(clipnorm=1.0) is used as if it clipped the global gradient norm, but Keras clipnorm clips each variable's gradient separately (global_clipnorm is the global one), which changes the direction of the update of a deep RNN instead of just rescaling it. https://keras.io/api/optimizers/
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(512, 40, 3).astype("float32")
y = (x[:, :, 0].sum(1, keepdims=True) * 2.0).astype("float32")

# %%
model = keras.Sequential([keras.Input((40, 3)), layers.SimpleRNN(64), layers.Dense(64, activation="relu"), layers.Dense(1)])
opt = keras.optimizers.SGD(learning_rate=0.01, clipnorm=1.0)   # "clip the gradient norm to 1"
model.compile(optimizer=opt, loss="mse")

# %%
with tf.GradientTape() as tape:
    loss = keras.losses.mean_squared_error(y[:64], model(x[:64]))
grads = tape.gradient(loss, model.trainable_variables)
per_var = [float(tf.norm(g)) for g in grads]
print("per-variable norms", np.round(per_var, 2), "global", round(float(tf.linalg.global_norm(grads)), 2))
hist = model.fit(x, y, epochs=3, batch_size=64, verbose=0)
print([round(v, 2) for v in hist.history["loss"]])
