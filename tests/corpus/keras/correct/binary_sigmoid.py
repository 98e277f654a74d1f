# corpus: correct
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(1)
X = rng.normal(size=(480, 8)).astype("float32")
y = ((X[:, 0] * X[:, 1] + X[:, 2]) > 0).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="binary_crossentropy", metrics=["accuracy"])

# %%
hist = model.fit(X[:400], y[:400], epochs=3, batch_size=32, verbose=0)
print("train acc", hist.history["accuracy"][-1])
probs = model.predict(X[400:], verbose=0)
print("test acc", np.mean((probs[:, 0] > 0.5) == y[400:]))
