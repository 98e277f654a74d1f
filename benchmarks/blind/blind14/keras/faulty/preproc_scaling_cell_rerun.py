# corpus: expect=training.preprocessing set=blind14
# (blind 2026-12-07) The in-place scaling `X_train /= 255.0` is executed again (the cell was re-run / duplicated later in the notebook), so training data end up in 0..0.004 while the test data are scaled once, giving a train/test scale mismatch and poor test accuracy. https://scikit-learn.org/stable/common_pitfalls.html#inconsistent-preprocessing
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
rng = np.random.default_rng(0)
y_all = rng.integers(0, 2, 2000)
X_all = rng.integers(0, 256, size=(2000, 64)).astype("float32")
X_all[y_all == 1, :16] = rng.integers(150, 256, size=((y_all == 1).sum(), 16))
X_all[y_all == 0, :16] = rng.integers(0, 100, size=((y_all == 0).sum(), 16))
X_train, X_test, y_train, y_test = X_all[:1600], X_all[1600:], y_all[:1600], y_all[1600:]

# %%
X_train /= 255.0
X_test /= 255.0

# %%
model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
X_train /= 255.0
model.fit(X_train, y_train, epochs=5, batch_size=32, verbose=0)
print("train range:", X_train.min(), X_train.max(), "test range:", X_test.min(), X_test.max())
print("test accuracy:", model.evaluate(X_test, y_test, verbose=0)[1])
