# %%
import keras
import numpy as np

rng = np.random.default_rng(1)
features = rng.normal(size=(200, 12)).astype("float32")
churned = (features[:, 0] + features[:, 3] > 0).astype("int64")
both = keras.utils.to_categorical(churned, 2)      # one-hot (N, 2): two 0/1 columns

# %%
clf = keras.Sequential([
    keras.Input((12,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid", name="churn_head"),
])
clf.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
clf.fit(features[:160], churned[:160], epochs=1, batch_size=32, verbose=0)

# %%
two = keras.Sequential([
    keras.Input((12,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(2, activation="softmax"),
])
two.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
two.fit(features, both, epochs=1, batch_size=32, verbose=0)

# %%
ids = keras.Sequential([
    keras.Input((12,)),
    keras.layers.Dense(2, activation="softmax"),
])
ids.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
ids.fit(features, churned, epochs=1, batch_size=32, verbose=0)
