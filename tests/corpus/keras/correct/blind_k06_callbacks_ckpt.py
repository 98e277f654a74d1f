# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import os
import tempfile
import numpy as np
import keras
from keras import layers, callbacks
from sklearn.datasets import make_classification
from sklearn.preprocessing import StandardScaler

keras.utils.set_random_seed(42)

# %%
X, y = make_classification(n_samples=1000, n_features=16, n_informative=6, n_classes=4,
                           n_clusters_per_class=1, random_state=42, shuffle=True)
X_test, y_test = X[800:], y[800:]
X, y = X[:800], y[:800]
# the data from make_classification is already shuffled, so validation_split takes a random tail
scaler = StandardScaler().fit(X)
X, X_test = scaler.transform(X), scaler.transform(X_test)

# %%
model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(64, activation="relu"),
    layers.BatchNormalization(),
    layers.Dropout(0.3),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
ckpt_dir = tempfile.mkdtemp()
ckpt_path = os.path.join(ckpt_dir, "best.keras")
cbs = [
    callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True),
    callbacks.ModelCheckpoint(ckpt_path, monitor="val_loss", save_best_only=True),
    callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_lr=1e-5),
]
history = model.fit(X, y, validation_split=0.2, epochs=3, batch_size=32, callbacks=cbs, verbose=2)

# %%
best = keras.models.load_model(ckpt_path)
print("best model test:", best.evaluate(X_test, y_test, verbose=0))
print("epochs run:", len(history.history["loss"]))
