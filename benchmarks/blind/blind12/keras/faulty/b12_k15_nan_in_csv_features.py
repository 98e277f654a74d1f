# corpus: expect=training.data_quality set=blind12
# (blind 2026-12-07) The pandas table has missing values (NaN) in 'bmi' and 'glucose' that are never imputed or dropped before model.fit, so the loss is nan from the first epoch (data cell). https://pythonhint.com/post/1021424426335883/deep-learning-nan-loss-reasons
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, pandas as pd
import keras
keras.utils.set_random_seed(15)
n = 700
df = pd.DataFrame({"age": np.random.randint(20, 80, n), "bmi": np.random.normal(27, 5, n),
                   "glucose": np.random.normal(100, 20, n), "bp": np.random.normal(75, 10, n)})
df["diabetic"] = ((df.glucose > 110) & (df.bmi > 26)).astype(int)
df.loc[np.random.rand(n) < 0.05, "bmi"] = np.nan
df.loc[np.random.rand(n) < 0.03, "glucose"] = np.nan
# %%
features = ["age", "bmi", "glucose", "bp"]
X = ((df[features] - df[features].mean()) / df[features].std()).values.astype("float32")
y = df["diabetic"].values
# %%
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
h = model.fit(X, y, epochs=3, batch_size=32, verbose=0)
print(h.history["loss"])
