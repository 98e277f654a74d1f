# corpus: expect=training.preprocessing set=state also=tensors.shape
# The one-hot cell rewrites the labels from themselves (y_train = to_categorical(y_train)).
# Re-running it one-hot encodes the one-hot matrix: shape (N, 3) becomes (N, 3, 2), and
# fit() fails with a shape mismatch between the targets and the (N, 3) softmax output.
# (This case raises.)
# Sources: tensorflow.org api_docs tf.keras.utils.to_categorical ("num_classes inferred as
# max(x)+1"; class axis placed last); Pimentel et al. MSR 2019 (re-executed cells).
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.utils import to_categorical

keras.utils.set_random_seed(1)
X = np.random.normal(size=(600, 4)).astype("float32")
y = np.argmax(X[:, :3], axis=1)
X_train, X_val, y_train, y_val = X[:480], X[480:], y[:480], y[480:]

# %% one-hot encode labels
y_train = to_categorical(y_train)
y_val = to_categorical(y_val)
print(y_train.shape)

# %% one-hot encode labels
y_train = to_categorical(y_train)
y_val = to_categorical(y_val)
print(y_train.shape)

# %%
model = keras.Sequential([
    keras.layers.Input(shape=(4,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=5, verbose=0)
