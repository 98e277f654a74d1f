# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 4)).astype("float32")
y = (X[:, 0] > 0).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
x_train, y_train, x_val, y_val = X[:48], y[:48], X[48:], y[48:]
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=1, verbose=0)

# %%
model.fit(X[:48], y[:48], validation_data=(X[48:], y[48:]), epochs=1, verbose=0)
