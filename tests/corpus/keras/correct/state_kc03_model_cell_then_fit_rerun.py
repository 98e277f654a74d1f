# corpus: correct set=state
# The model cell clears the session, creates the Sequential model with all its layers in the
# constructor, and compiles it. The user re-runs the model cell and then the fit cell, in that
# order, to train from scratch: no layer is added twice (compare keras.io/guides/sequential_model,
# incremental add()) and fit starts from new weights and a new optimizer.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(5)
X = np.random.rand(1000, 10).astype("float32")
X = (X - X.mean(0)) / X.std(0)
y = (X[:, 0] + X[:, 1] ** 2 - X[:, 2] > 0.4).astype("float32")

# %% model
keras.backend.clear_session()
model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
print(len(model.layers), "layers")

# %% fit
hist = model.fit(X[:800], y[:800], validation_data=(X[800:], y[800:]), epochs=10, verbose=0)
print(hist.history["val_accuracy"][-1])

# %% model
keras.backend.clear_session()
model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
print(len(model.layers), "layers")

# %% fit
hist = model.fit(X[:800], y[:800], validation_data=(X[800:], y[800:]), epochs=10, verbose=0)
print(hist.history["val_accuracy"][-1])
