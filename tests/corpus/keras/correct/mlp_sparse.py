# corpus: correct
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
n_classes = 4
X = rng.normal(size=(500, 12)).astype("float32")
y = rng.integers(0, n_classes, 500)
X[np.arange(500), y] += 2.0
idx = rng.permutation(500)
X, y = X[idx], y[idx]
x_train, x_test, y_train, y_test = X[:400], X[400:], y[:400], y[400:]

# %%
model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(n_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=3, batch_size=32, validation_split=0.2, verbose=0)
print(history.history["val_accuracy"])

# %%
loss, acc = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy {acc:.3f}")
