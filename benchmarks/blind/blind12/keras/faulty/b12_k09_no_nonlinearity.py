# corpus: expect=model.type also=model.layers.activation set=blind12
# (blind 2026-12-07) Every hidden Dense layer is declared without an activation, so the "deep" network collapses to a single linear map and cannot separate the concentric circles (model cell). https://sourestdeeds.github.io/blog/deep-neural-networks
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
from sklearn.datasets import make_circles
import keras
keras.utils.set_random_seed(9)
X, y = make_circles(n_samples=1000, noise=0.08, factor=0.5, random_state=9)
# %%
model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(64),
    keras.layers.Dense(64),
    keras.layers.Dense(32),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
# %%
hist = model.fit(X, y, epochs=15, batch_size=32, verbose=0, validation_split=0.2)
print("train acc", hist.history["accuracy"][-1], "val acc", hist.history["val_accuracy"][-1])
