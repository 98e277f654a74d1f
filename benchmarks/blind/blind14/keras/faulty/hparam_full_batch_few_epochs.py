# corpus: expect=training.hyperparameters set=blind14
# (blind 2026-12-07) fit() is called with batch_size=len(X_train) and epochs=5, so the whole run makes only five gradient steps of a default-lr Adam and the network is left barely trained (val accuracy far below what the data allow). https://stats.stackexchange.com/questions/153531/what-is-batch-size-in-neural-network
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, d, k = 5000, 20, 5
centers = np.random.randn(k, d) * 1.5
y = np.random.randint(0, k, n)
X = (centers[y] + np.random.randn(n, d)).astype("float32")
X_train, X_val, y_train, y_val = X[:4000], X[4000:], y[:4000], y[4000:]

# %%
model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(k, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
history = model.fit(X_train, y_train, batch_size=len(X_train), epochs=5,
                    validation_data=(X_val, y_val), verbose=0)
print("val accuracy per epoch:", [round(a, 3) for a in history.history["val_accuracy"]])
