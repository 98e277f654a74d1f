# corpus: correct set=blind12
# (blind 2026-12-07) Classifier with a linear (no-activation) last Dense layer compiled with SparseCategoricalCrossentropy(from_logits=True); softmax applied only to predictions afterwards — correct logits handling.
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from keras import layers
keras.utils.set_random_seed(200)
X = np.random.randn(1500, 16).astype("float32"); y = (X @ np.random.randn(16, 6).astype("float32")).argmax(1)
model = keras.Sequential([keras.Input((16,)), layers.Dense(64, activation="relu"), layers.Dense(6)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["sparse_categorical_accuracy"])
# %%
h = model.fit(X[:1200], y[:1200], epochs=8, batch_size=64, verbose=0, validation_data=(X[1200:], y[1200:]))
probs = keras.ops.softmax(model.predict(X[:3], verbose=0))
print(h.history["val_sparse_categorical_accuracy"][-1], keras.ops.sum(probs, axis=1))
