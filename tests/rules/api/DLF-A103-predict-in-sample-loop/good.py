# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(4, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])

# %%
preds = model.predict(X, verbose=0)
# chunked prediction of big batches is fine
chunks = [model.predict(X[i:i + 2], verbose=0) for i in range(0, len(X), 2)]
for batch in np.array_split(X, 2):
    out = model.predict(batch, verbose=0)
