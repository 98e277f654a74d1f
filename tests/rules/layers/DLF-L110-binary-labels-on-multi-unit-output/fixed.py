# %%
import keras
import numpy as np

rng = np.random.default_rng(1)
features = rng.normal(size=(200, 12)).astype("float32")
churned = (features[:, 0] + features[:, 3] > 0).astype("int64")

# %%
clf = keras.Sequential([
    keras.Input((12,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid", name="churn_head"),  # dlfault-fix
])
clf.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
clf.fit(features[:160], churned[:160], epochs=1, batch_size=32, verbose=0)
