# corpus: expect=training.validation also=training.preprocessing set=modern area=7
# (blind 2026-12-07) In the preprocessing cell the Normalization layer is adapted on the concatenation of train and test features, so test statistics leak into the model's input scaling. https://keras.io/api/layers/preprocessing_layers/numerical/normalization/
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
X_train = (np.random.randn(800, 4) * [10, 1, 100, 3] + [50, 0, 500, 1]).astype("float32")
X_test = (np.random.randn(200, 4) * [10, 1, 100, 3] + [60, 0, 450, 1]).astype("float32")   # shifted distribution
w = np.array([0.1, 1, 0.01, 0.3], dtype="float32")
y_train = (X_train @ w > 12).astype("float32")
y_test = (X_test @ w > 12).astype("float32")

# %%
normalizer = layers.Normalization()
normalizer.adapt(np.concatenate([X_train, X_test]))

# %%
model = keras.Sequential([keras.Input((4,)), normalizer, layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
print("test:", model.evaluate(X_test, y_test, verbose=0))
