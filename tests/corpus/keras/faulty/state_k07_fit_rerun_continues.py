# corpus: expect=training.process set=state also=training.hyperparameters
# The user trains for 10 epochs and writes "10 epochs are enough" from the printed val
# accuracy; the fit cell had been run twice (the first output was scrolled away), so the
# model was trained for 20 epochs, continuing from the first run's weights and optimizer state.
# Sources: keras-team/keras#4446 as quoted on rowcoding.com/calling-fit-multiple-times-in-keras
# ("successive calls to fit will incrementally train the model"); codemia.io "Does calling the
# model.fit method again reinitialize the already trained weights?"; d2l-ai/d2l-en#780.
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

# %% model
model = keras.Sequential([
    keras.layers.Input((16,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %% train 10 epochs
history = model.fit(X_train, y_train, epochs=10, batch_size=64, validation_data=(X_val, y_val), verbose=0)
print("val acc after 10 epochs:", history.history["val_accuracy"][-1])

# %% train 10 epochs
history = model.fit(X_train, y_train, epochs=10, batch_size=64, validation_data=(X_val, y_val), verbose=0)
print("val acc after 10 epochs:", history.history["val_accuracy"][-1])
