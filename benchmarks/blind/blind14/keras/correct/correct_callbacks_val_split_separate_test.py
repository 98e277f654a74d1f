# corpus: correct set=blind14
# (blind 2026-12-07) Train/validation/test split where EarlyStopping(restore_best_weights) and ModelCheckpoint(save_best_only) monitor val_loss on a validation set carved from the training data, ReduceLROnPlateau on val_loss, and the untouched test set is evaluated once at the end. https://keras.io/api/callbacks/early_stopping/
# %%
import numpy as np
import keras
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)

# %%
n, d = 1500, 30
X = np.random.randn(n, d).astype("float32")
y = ((X[:, 0] + 0.7 * np.random.randn(n)) > 0).astype("float32")
X_tmp, X_test, y_tmp, y_test = train_test_split(X, y, test_size=0.2, random_state=7)
X_train, X_val, y_train, y_val = train_test_split(X_tmp, y_tmp, test_size=0.2, random_state=7)

# %%
model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", mode="min", patience=3, restore_best_weights=True),
    keras.callbacks.ModelCheckpoint("/tmp/b14_correct_best.keras", monitor="val_loss", mode="min", save_best_only=True),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
]

# %%
model.fit(X_train, y_train, epochs=15, batch_size=32, validation_data=(X_val, y_val), callbacks=callbacks, verbose=0)
print("held-out test accuracy:", model.evaluate(X_test, y_test, verbose=0)[1])
