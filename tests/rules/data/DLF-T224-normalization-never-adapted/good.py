# %%
import keras
import numpy as np

rng = np.random.default_rng(32)
income = rng.uniform(1e3, 9e4, size=(64, 2)).astype("float32")
churn = (income[:, 0] > 4e4).astype("float32")

# %%
# adapted on the training features
adapted = keras.layers.Normalization()
adapted.adapt(income)
m1 = keras.Sequential([keras.Input((2,)), adapted, keras.layers.Dense(1, activation="sigmoid")])
m1.compile(optimizer="adam", loss="binary_crossentropy")
m1.fit(income, churn, epochs=1, verbose=0)

# %%
# statistics given when the layer is created
given = keras.layers.Normalization(mean=[4.5e4, 4.5e4], variance=[6.7e8, 6.7e8])
m2 = keras.Sequential([keras.Input((2,)), given, keras.layers.Dense(1, activation="sigmoid")])
m2.compile(optimizer="adam", loss="binary_crossentropy")
m2.fit(income, churn, epochs=1, verbose=0)
