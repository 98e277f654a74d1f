# corpus: expect=training.hyperparameters
# (blind probe, 2026-12-06) RMSprop learning_rate=5.0 (typical 1e-3), training diverges, cell 3
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(10)

# %%
rng = np.random.default_rng(10)
train_images = rng.random((500, 28, 28)).astype("float32")
train_labels = rng.integers(0, 10, 500)
train_images += train_labels[:, None, None] * 0.05
test_images, test_labels = train_images[400:], train_labels[400:]
train_images, train_labels = train_images[:400], train_labels[:400]

# %%
model = keras.Sequential([
    layers.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10),
])
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=5.0),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])

# %%
model.fit(train_images, train_labels, epochs=3, batch_size=32, verbose=2)

# %%
test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
print("\nTest accuracy:", test_acc)
