# corpus: expect=training.validation set=blind14
# (blind 2026-12-07) The test set is passed as validation_data to fit with EarlyStopping(restore_best_weights=True) and ModelCheckpoint(save_best_only=True), so the epoch is selected on the test data and the final model.evaluate on that same test set is optimistically biased. https://keras.io/api/callbacks/early_stopping/
# %%
import numpy as np
import keras
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)

# %%
n, d = 1200, 30
X = np.random.randn(n, d).astype("float32")
y = ((X[:, 0] + 0.7 * np.random.randn(n)) > 0).astype("float32")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=7)

# %%
model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
    keras.callbacks.ModelCheckpoint("/tmp/b14_best.keras", monitor="val_loss", save_best_only=True),
]

# %%
model.fit(X_train, y_train, epochs=20, batch_size=32, validation_data=(X_test, y_test), callbacks=callbacks, verbose=0)
loss, acc = model.evaluate(X_test, y_test, verbose=0)
print(f"final test accuracy: {acc:.3f}")
