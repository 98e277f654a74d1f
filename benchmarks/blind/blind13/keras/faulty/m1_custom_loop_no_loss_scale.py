# corpus: expect=api also=training.process set=modern area=1
# (blind 2026-12-07) In the custom training-loop cell the model runs under mixed_float16 but the optimizer is a plain Adam, not keras.optimizers.LossScaleOptimizer, and the loss is never scaled, so small float16 gradients underflow to zero (compile() would have wrapped it automatically, a hand-written loop does not). https://www.tensorflow.org/guide/mixed_precision#training_the_model_with_a_custom_training_loop
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
keras.mixed_precision.set_global_policy("mixed_float16")

# %%
x = np.random.randn(512, 20).astype("float32")
y = (x[:, 0] * 0.5 + x[:, 1] > 0).astype("float32")[:, None]
ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(512).batch(64)

# %%
model = keras.Sequential([
    keras.Input((20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
    layers.Activation("sigmoid", dtype="float32"),
])
optimizer = keras.optimizers.Adam(1e-3)
loss_fn = keras.losses.BinaryCrossentropy()

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
    for xb, yb in ds:
        loss = train_step(xb, yb)
    print(epoch, float(loss))
