# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(80, 4)).astype("float32")
y = (X[:, 0] > 0).astype("int32")
x_train, x_test, y_train, y_test = X[:64], X[64:], y[:64], y[64:]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
model.fit(x_train, y_train, validation_split=0.2, epochs=1, verbose=0)   # the training split only  dlfault-fix
model.evaluate(x_test, y_test, verbose=0)   # once, at the end  dlfault-fix

# %%
x_fit, x_hold, y_fit, y_hold = X[:64], X[64:], y[:64], y[64:]
model.fit(x_fit, y_fit, validation_split=0.2, epochs=1, verbose=0)   # the training split only  dlfault-fix

# %%
loss, acc = model.evaluate(x_hold, y_hold, verbose=0)   # once, at the end  dlfault-fix
