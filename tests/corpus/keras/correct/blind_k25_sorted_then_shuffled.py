# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.utils import shuffle

keras.utils.set_random_seed(25)

# %%
# data read class by class from three CSV files, so the rows are grouped by label
rng = np.random.default_rng(25)
frames = []
for label, center in enumerate([-1.0, 0.0, 1.5]):
    f = pd.DataFrame(rng.normal(center, 1.0, size=(200, 5)), columns=list("abcde"))
    f["label"] = label
    frames.append(f)
df = pd.concat(frames, ignore_index=True)
print(df.label.values[:5], df.label.values[-5:])

# %%
# shuffle before using validation_split (which takes the last rows)
X, y = shuffle(df[list("abcde")].values, df["label"].values, random_state=25)
print(y[:20])

# %%
model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(32, activation="relu"),
                          layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, validation_split=0.2, epochs=3, batch_size=32, verbose=2)

# %%
# same thing with a permutation of the DataFrame
df2 = df.sample(frac=1.0, random_state=1).reset_index(drop=True)
model2 = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(32, activation="relu"),
                           layers.Dense(3, activation="softmax")])
model2.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model2.fit(df2[list("abcde")], df2["label"], validation_split=0.2, epochs=2, verbose=0)
print(model2.evaluate(df2[list("abcde")].tail(120), df2["label"].tail(120), verbose=0))
