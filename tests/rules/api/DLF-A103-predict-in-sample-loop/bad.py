# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(4, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])

# %%
preds = []
for i in range(len(X)):
    preds.append(model.predict(X[i:i + 1], verbose=0))  # expect: DLF-A103
