# corpus: expect=training.data_quality
# (blind probe, 2026-12-06) the feature table has missing values (NaN in 'bmi' and 'glucose') that are never imputed/dropped before fit, so the loss becomes NaN, cell 2
# %%
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(7)

# %%
# synthetic diabetes-like table with some missing measurements
rng = np.random.default_rng(7)
n = 768
df = pd.DataFrame({
    "pregnancies": rng.integers(0, 10, n),
    "glucose": rng.normal(120, 30, n),
    "blood_pressure": rng.normal(70, 12, n),
    "bmi": rng.normal(32, 7, n),
    "age": rng.integers(21, 80, n),
})
df["outcome"] = ((df.glucose > 140) | (df.bmi > 40)).astype(int)
df.loc[rng.choice(n, 40, replace=False), "bmi"] = np.nan
df.loc[rng.choice(n, 25, replace=False), "glucose"] = np.nan
print(df.describe())

# %%
features = df.drop(columns=["outcome"]).values.astype("float32")
features = (features - np.nanmean(features, axis=0)) / np.nanstd(features, axis=0)
labels = df["outcome"].values
train_X, test_X = features[:600], features[600:]
train_y, test_y = labels[:600], labels[600:]

# %%
model = keras.Sequential([
    keras.layers.Input(shape=(5,)),
    keras.layers.Dense(12, activation="relu"),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(train_X, train_y, epochs=3, batch_size=10, verbose=2)

# %%
_, accuracy = model.evaluate(test_X, test_y, verbose=0)
print("Accuracy: %.2f" % (accuracy * 100))
