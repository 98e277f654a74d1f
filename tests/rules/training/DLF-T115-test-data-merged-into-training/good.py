# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(96, 4)).astype("float32")
y = (X[:, 0] > 0).astype("int32")
x_train, x_val, x_test = X[:48], X[48:64], X[64:]
y_train, y_val, y_test = y[:48], y[48:64], y[64:]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
# after model selection: train on train + validation, test stays held out
model.fit(np.concatenate([x_train, x_val]), np.concatenate([y_train, y_val]),
          epochs=1, verbose=0)

# %%
loss, acc = model.evaluate(x_test, y_test, verbose=0)
