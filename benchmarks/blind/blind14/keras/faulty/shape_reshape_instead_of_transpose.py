# corpus: expect=tensors.shape set=blind14
# (blind 2026-12-07) The sensor matrix is stored as (n_features, n_samples) and is turned into (n_samples, n_features) with reshape instead of .T, which silently scrambles values across samples and features, so the model learns from garbage and validation accuracy is near chance. https://numpy.org/doc/stable/reference/generated/numpy.reshape.html
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n_features, n_samples = 6, 3000
raw = np.random.randn(n_features, n_samples).astype("float32")     # one row per sensor channel
labels = (raw[0] + 0.5 * raw[3] > 0).astype("float32")

X = raw.reshape(n_samples, n_features)
y = labels
print(X.shape, y.shape)

# %%
model = keras.Sequential([
    keras.Input(shape=(n_features,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
hist = model.fit(X, y, epochs=8, batch_size=64, validation_split=0.2, verbose=0)
print("val acc:", round(hist.history["val_accuracy"][-1], 3))
