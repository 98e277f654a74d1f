# corpus: expect=api set=blind15
# (blind 2026-12-07) Code written for TF 2.x creates ModelCheckpoint("churn_best.hdf5", save_best_only=True) for a full-model checkpoint; Keras 3 only accepts ".keras" (or legacy ".h5") paths and raises ValueError "The filepath provided must end in `.keras` (Keras model format)". https://github.com/hfawaz/dl-4-tsc/issues/53
# %%
import os
import tempfile
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(18)
X = rng.normal(size=(1200, 6)).astype("float32")
y = (X[:, 0] - X[:, 3] > 0).astype("float32")
X_tr, X_va, y_tr, y_va = X[:1000], X[1000:], y[:1000], y[1000:]

# %%
model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(24, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
ckpt_dir = tempfile.mkdtemp()
CKPT_PATH = os.path.join(ckpt_dir, "churn_best.hdf5")
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3),
    keras.callbacks.ModelCheckpoint(CKPT_PATH, monitor="val_loss", save_best_only=True),
]
model.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=10, batch_size=32, callbacks=callbacks, verbose=0)
best = keras.models.load_model(CKPT_PATH)
print(best.evaluate(X_va, y_va, verbose=0))
