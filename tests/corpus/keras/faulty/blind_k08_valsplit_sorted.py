# corpus: expect=training.validation
# (blind probe, 2026-12-06) data is concatenated class by class (sorted by label) and fit uses validation_split=0.2, which takes the last 20% unshuffled, i.e. only class-2 samples, cell 4
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(8)

# %%
rng = np.random.default_rng(8)
n_per_class = 250
means = [np.array([0, 0, 0, 0]), np.array([2, 0, 1, 0]), np.array([0, 2, 0, 1])]
X_parts, y_parts = [], []
for cls, m in enumerate(means):
    X_parts.append(rng.normal(m, 1.0, size=(n_per_class, 4)))
    y_parts.append(np.full(n_per_class, cls))
X = np.concatenate(X_parts).astype("float32")
y = np.concatenate(y_parts)
print(X.shape, np.bincount(y))

# %%
model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
early = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=True)

# %%
history = model.fit(X, y, epochs=3, batch_size=32, validation_split=0.2, shuffle=True, callbacks=[early], verbose=2)
print("best val acc", max(history.history["val_accuracy"]))
