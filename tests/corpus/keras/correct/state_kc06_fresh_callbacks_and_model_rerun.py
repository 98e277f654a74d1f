# corpus: correct set=state
# The training cell creates the model, compiles it, creates a NEW EarlyStopping callback and
# fits, all in one cell; the one-hot cell writes to new names (y_train_oh) from the integer
# labels. Both cells are re-run: each run gets fresh weights, a fresh callback (compare
# github.com/keras-team/keras/issues/20521, EarlyStopping instance reused across models) and the
# labels are encoded exactly once.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras.utils import to_categorical

rng = np.random.default_rng(1)
X = rng.normal(size=(900, 4)).astype("float32")
y = np.argmax(X[:, :3] + 0.3 * rng.normal(size=(900, 3)), axis=1)
X_train, X_val, X_test = X[:600], X[600:750], X[750:]
y_train, y_val, y_test = y[:600], y[600:750], y[750:]

# %% one-hot
y_train_oh = to_categorical(y_train, num_classes=3)
y_val_oh = to_categorical(y_val, num_classes=3)
y_test_oh = to_categorical(y_test, num_classes=3)

# %% one-hot
y_train_oh = to_categorical(y_train, num_classes=3)
y_val_oh = to_categorical(y_val, num_classes=3)
y_test_oh = to_categorical(y_test, num_classes=3)

# %% train
keras.utils.set_random_seed(1)
model = keras.Sequential([
    keras.Input((4,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
hist = model.fit(X_train, y_train_oh, validation_data=(X_val, y_val_oh), epochs=20,
                 batch_size=32, callbacks=[early], verbose=0)
print("epochs run:", len(hist.history["loss"]))

# %% train
keras.utils.set_random_seed(1)
model = keras.Sequential([
    keras.Input((4,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
hist = model.fit(X_train, y_train_oh, validation_data=(X_val, y_val_oh), epochs=20,
                 batch_size=32, callbacks=[early], verbose=0)
print("epochs run:", len(hist.history["loss"]))

# %% test
print(model.evaluate(X_test, y_test_oh, verbose=0))
