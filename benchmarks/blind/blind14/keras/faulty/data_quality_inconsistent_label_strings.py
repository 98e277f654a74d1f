# corpus: expect=training.data_quality set=blind14
# (blind 2026-12-07) The label column mixes spellings of the same class ("cat", "Cat", "cat "), and LabelEncoder turns them into separate classes, so one real class is split into several conflicting targets and the classifier is trained on wrong/overlapping labels. https://mlopsaibook.gchandra.com/chapter_01/data_cleaning.html
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

# %%
n = 2400
true_cls = rng.integers(0, 3, n)
features = rng.normal(size=(n, 12)) + np.eye(3)[true_cls] @ rng.normal(0, 2, size=(3, 12))
spellings = {0: ["cat", "Cat", "cat "], 1: ["dog", "Dog"], 2: ["bird"]}
df = pd.DataFrame(features, columns=[f"f{i}" for i in range(12)])
df["animal"] = [rng.choice(spellings[c]) for c in true_cls]
print(df.animal.value_counts())

# %%
encoder = LabelEncoder()
y = encoder.fit_transform(df.animal)
num_classes = len(encoder.classes_)
X_tr, X_te, y_tr, y_te = train_test_split(df.drop(columns="animal").values.astype("float32"), y, test_size=0.2, random_state=0)

# %%
model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_tr, y_tr, epochs=8, batch_size=64, verbose=0)
print("classes:", list(encoder.classes_), "test accuracy:", model.evaluate(X_te, y_te, verbose=0)[1])
