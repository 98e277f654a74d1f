# corpus: expect=model.type
# (blind probe, 2026-12-06) a 10-class digit classification is modeled as regression (Dense(1) linear output + MSE on the class index, predictions rounded), cell 3
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(5)

# %%
rng = np.random.default_rng(5)
digits = rng.integers(0, 10, 700)
protos = rng.random((10, 64)).astype("float32")
X = np.clip(protos[digits] + 0.2 * rng.standard_normal((700, 64)), 0, 1).astype("float32")
X_train, X_test = X[:550], X[550:]
y_train, y_test = digits[:550].astype("float32"), digits[550:]

# %%
model = keras.Sequential([
    keras.layers.Input(shape=(64,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])

# %%
model.fit(X_train, y_train, epochs=3, batch_size=32, verbose=2)

# %%
pred = np.clip(np.round(model.predict(X_test, verbose=0).ravel()), 0, 9).astype(int)
print("accuracy:", (pred == y_test).mean())
