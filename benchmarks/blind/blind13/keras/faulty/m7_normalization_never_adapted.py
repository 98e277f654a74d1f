# corpus: expect=training.preprocessing set=modern area=7
# (blind 2026-12-07) In the model cell a keras.layers.Normalization layer is put in front of the network but adapt() is never called, so it normalises with mean 0 / variance 1 (identity) and the raw 0-255 / thousands-scale features reach the Dense layers unscaled. https://github.com/ageron/handson-ml3/pull/198
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
X = (np.random.rand(1000, 5) * [255, 5000, 1, 80, 30000]).astype("float32")
y = ((X[:, 0] / 255 + X[:, 1] / 5000) > 1).astype("float32")

# %%
norm = layers.Normalization(axis=-1)
model = keras.Sequential([keras.Input((5,)), norm, layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])

# %%
hist = model.fit(X, y, epochs=5, batch_size=32, validation_split=0.2, verbose=0)
print("val_acc", [round(v, 3) for v in hist.history["val_accuracy"]])
print("normalised sample:", np.asarray(norm(X[:1])))
