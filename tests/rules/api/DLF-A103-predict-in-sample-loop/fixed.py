# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(4, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])

# %%
preds = model.predict(X, verbose=0)   # all samples at once  dlfault-fix
for p in preds:  # dlfault-fix
    print(p.argmax())
