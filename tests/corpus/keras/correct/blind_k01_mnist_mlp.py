# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

print(tf.__version__)
keras.utils.set_random_seed(0)

# %%
# MNIST-like synthetic data: uint8 images, integer labels
rng = np.random.default_rng(0)
x_train = rng.integers(0, 256, size=(600, 28, 28), dtype=np.uint8)
y_train = rng.integers(0, 10, size=600).astype("uint8")
x_test = rng.integers(0, 256, size=(100, 28, 28), dtype=np.uint8)
y_test = rng.integers(0, 10, size=100).astype("uint8")

x_train, x_test = x_train / 255.0, x_test / 255.0
print(x_train.shape, x_train.min(), x_train.max())

# %%
model = tf.keras.models.Sequential([
    tf.keras.layers.Input(shape=(28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10)
])
predictions = model(x_train[:1]).numpy()
print(tf.nn.softmax(predictions).numpy())

# %%
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
print(loss_fn(y_train[:1], predictions).numpy())
model.compile(optimizer='adam', loss=loss_fn, metrics=['accuracy'])

# %%
model.fit(x_train, y_train, epochs=2, verbose=2)
model.evaluate(x_test, y_test, verbose=2)

# %%
probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
print(probability_model(x_test[:5]).numpy().argmax(axis=1))
