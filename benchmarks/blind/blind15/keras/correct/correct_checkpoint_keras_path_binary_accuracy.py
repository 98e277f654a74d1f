# corpus: correct set=blind15
# (blind 2026-12-07) Keras 3 callbacks done right: ModelCheckpoint to a ".keras" path with save_best_only on val_loss, EarlyStopping on a separate validation split, keras.metrics.BinaryAccuracy for a sigmoid output, and the test set used only once at the end. https://github.com/keras-team/keras-io/issues/1844
# %%
import os
import tempfile
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(18)
X = rng.normal(size=(1500, 6)).astype("float32")
y = (X[:, 0] - X[:, 3] + 0.3 * rng.normal(size=1500) > 0).astype("float32")
X_tr, X_va, X_te = X[:1000], X[1000:1250], X[1250:]
y_tr, y_va, y_te = y[:1000], y[1000:1250], y[1250:]

# %%
model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(24, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.BinaryAccuracy(name="acc")])

# %%
CKPT_PATH = os.path.join(tempfile.mkdtemp(), "churn_best.keras")
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
    keras.callbacks.ModelCheckpoint(CKPT_PATH, monitor="val_loss", save_best_only=True),
]
hist = model.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=10, batch_size=32, callbacks=callbacks, verbose=0)
print("val acc:", np.round(hist.history["val_acc"], 3))
best = keras.models.load_model(CKPT_PATH)
print("test:", best.evaluate(X_te, y_te, verbose=0))
