# corpus: expect=model.type
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(1)
X = rng.normal(size=(500, 8)).astype("float32")
y = (X @ rng.normal(size=8) > 0).astype("float32")
X_train, X_test, y_train, y_test = X[:400], X[400:], y[:400], y[400:]

def build_model():
    model = keras.Sequential([
        keras.Input(shape=(8,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model

model = build_model()

# %%
model.fit(X_train, y_train, epochs=3, batch_size=32, verbose=0)

# %% [markdown]
# Evaluation

# %%
model = build_model()
loss, acc = model.evaluate(X_test, y_test, verbose=0)
print("test accuracy", acc)
