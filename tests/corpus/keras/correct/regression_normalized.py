# corpus: correct
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
surface = rng.uniform(30, 250, 500)
year = rng.uniform(1900, 2020, 500)
X = np.column_stack([surface, year]).astype("float32")
y = (3 * surface + 0.5 * (year - 1900) + rng.normal(0, 5, 500)).astype("float32")
x_train, x_test, y_train, y_test = X[:400], X[400:], y[:400], y[400:]
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std
y_mean, y_std = y_train.mean(), y_train.std()

# %%
model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x_train, (y_train - y_mean) / y_std, epochs=3, batch_size=32, verbose=0)
print(model.evaluate(x_test, (y_test - y_mean) / y_std, verbose=0))
