# corpus: correct set=state
# A build_model() function returns a freshly compiled model; the experiment cell calls it and
# then fit(), so re-running that cell (done twice here) always trains a NEW model for exactly
# 10 epochs. This avoids the incremental training described in keras-team/keras#4446
# (rowcoding.com/calling-fit-multiple-times-in-keras: "successive calls to fit will
# incrementally train the model").
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)
np.random.seed(0)
X = np.random.randn(1500, 16).astype("float32")
y = (np.sin(X[:, 0]) + X[:, 1] * X[:, 2] > 0).astype("int32")
X_train, X_val, y_train, y_val = X[:1200], X[1200:], y[:1200], y[1200:]

def build_model(units=64):
    m = keras.Sequential([
        keras.layers.Input((16,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    m.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
    return m

# %% experiment: 10 epochs
model = build_model()
history = model.fit(X_train, y_train, epochs=10, batch_size=64, validation_data=(X_val, y_val), verbose=0)
print("val acc after 10 epochs:", history.history["val_accuracy"][-1])

# %% experiment: 10 epochs
model = build_model()
history = model.fit(X_train, y_train, epochs=10, batch_size=64, validation_data=(X_val, y_val), verbose=0)
print("val acc after 10 epochs:", history.history["val_accuracy"][-1])
