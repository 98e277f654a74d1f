# %%
import keras
import numpy as np

rng = np.random.default_rng(31)
income = rng.uniform(1e3, 9e4, size=(64, 2)).astype("float32")
churn = (income[:, 0] > 4e4).astype("float32")

# %%
inp = keras.Input((2,))
h = keras.layers.Normalization(name="feature_scale")(inp)
out = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(4, activation="relu")(h))
tab = keras.Model(inp, out)
tab.compile(optimizer="adam", loss="binary_crossentropy")
tab.fit(income, churn, epochs=1, verbose=0)  # expect: DLF-T224
