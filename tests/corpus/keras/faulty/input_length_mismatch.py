# corpus: expect=tensors.input also=training.data_quality
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
features = rng.normal(size=(500, 7)).astype("float32")
targets = (features[:, 0] > 0).astype("float32")
# remove outliers
keep = np.abs(features).max(axis=1) < 3
features = features[keep]
print(features.shape, targets.shape)

# %%
model = keras.Sequential([keras.Input(shape=(7,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(features, targets, epochs=2, verbose=0)
