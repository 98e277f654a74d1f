# corpus: expect=training.process set=blind15
# (blind 2026-12-07) The GradientTape training loop calls model(x) without training=True, so BatchNormalization runs in inference mode with its initial moving statistics (never updated) and Dropout is off during training; the network trains in the wrong mode and evaluation mismatches training. https://github.com/tensorflow/tensorflow/issues/31184
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

rng = np.random.default_rng(16)
X = (rng.normal(size=(3000, 16)) * 40 + 100).astype("float32")
y = ((X[:, 0] - 100) * (X[:, 1] - 100) > 0).astype("int32")
ds = tf.data.Dataset.from_tensor_slices((X[:2500], y[:2500])).shuffle(2500).batch(64)

# %%
model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.BatchNormalization(),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(64, activation="relu"),
    layers.Dense(2),
])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)
train_acc = keras.metrics.SparseCategoricalAccuracy()

@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        logits = model(xb)
        loss = loss_fn(yb, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_acc.update_state(yb, logits)
    return loss

# %%
for epoch in range(4):
    train_acc.reset_state()
    for xb, yb in ds:
        loss = train_step(xb, yb)
    print(f"epoch {epoch} loss {float(loss):.4f} acc {float(train_acc.result()):.3f}")
bn = model.layers[0]
print("BN moving mean (first 3):", np.round(bn.moving_mean.numpy()[:3], 2))
test_logits = model(X[2500:], training=False)
print("test acc:", float(np.mean(np.argmax(test_logits, 1) == y[2500:])))
