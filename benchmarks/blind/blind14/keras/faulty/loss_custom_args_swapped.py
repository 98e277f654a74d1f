# corpus: expect=training.loss set=blind14
# (blind 2026-12-07) The custom weighted binary cross-entropy is defined as loss(y_pred, y_true), but Keras always calls loss(y_true, y_pred), so the log is taken of the 0/1 labels and the predictions play the role of targets; training silently optimises the wrong objective. https://keras.io/api/losses/#creating-custom-losses
# %%
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(0)

# %%
n, d = 4000, 12
X = np.random.randn(n, d).astype("float32")
y = ((X[:, 0] + 0.5 * X[:, 1] + 0.3 * np.random.randn(n)) > 1.0).astype("float32").reshape(-1, 1)
print("positive rate:", y.mean())

# %%
POS_WEIGHT = 3.0

def weighted_bce(y_pred, y_true):
    y_pred = ops.clip(y_pred, 1e-7, 1 - 1e-7)
    loss = -(POS_WEIGHT * y_true * ops.log(y_pred) + (1 - y_true) * ops.log(1 - y_pred))
    return ops.mean(loss)

model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss=weighted_bce, metrics=["accuracy", keras.metrics.Recall()])

# %%
model.fit(X[:3200], y[:3200], epochs=6, batch_size=64, verbose=0)
print(dict(zip(model.metrics_names, model.evaluate(X[3200:], y[3200:], verbose=0))))
