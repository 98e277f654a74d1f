# corpus: expect=training.validation set=blind15
# (blind 2026-12-07) The binary classifier is compiled with metrics=[keras.metrics.Accuracy()], which checks exact equality between 0/1 labels and the sigmoid probabilities, so the reported (val_)accuracy stays at ~0.0 and EarlyStopping on it stops training on a meaningless metric. https://github.com/keras-team/keras/issues/18796
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(12)
X = rng.normal(size=(2500, 10)).astype("float32")
y = ((X[:, 0] ** 2 + X[:, 1] ** 2) < 1.2).astype("float32")

# %%
model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.Accuracy()])
stopper = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=2, restore_best_weights=True)

# %%
hist = model.fit(X[:2000], y[:2000], validation_data=(X[2000:2250], y[2000:2250]), epochs=15, batch_size=64, callbacks=[stopper], verbose=0)
print("epochs run:", len(hist.history["loss"]))
print("val_accuracy:", np.round(hist.history["val_accuracy"], 3))
print("test:", model.evaluate(X[2250:], y[2250:], verbose=0))
