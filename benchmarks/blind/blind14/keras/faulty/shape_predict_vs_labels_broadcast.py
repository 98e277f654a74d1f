# corpus: expect=tensors.shape set=blind14 also=training.validation
# (blind 2026-12-07) The manual accuracy compares model.predict(...) of shape (N,1) with y_test of shape (N,), so NumPy broadcasts to an (N,N) matrix and the printed accuracy (~0.5) has nothing to do with the model's real accuracy. https://numpy.org/doc/stable/user/basics.broadcasting.html
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, d = 2500, 10
X = np.random.randn(n, d).astype("float32")
y = (X[:, 0] + X[:, 1] > 0).astype("int64")
X_train, X_test, y_train, y_test = X[:2000], X[2000:], y[:2000], y[2000:]

# %%
model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=8, batch_size=64, verbose=0)

# %%
y_pred = (model.predict(X_test, verbose=0) > 0.5).astype("int64")
accuracy = (y_pred == y_test).mean()
print("test accuracy:", round(float(accuracy), 3))
