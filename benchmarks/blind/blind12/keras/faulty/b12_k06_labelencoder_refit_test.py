# corpus: expect=training.preprocessing also=training.validation set=blind12
# (blind 2026-12-07) A second LabelEncoder is fit on the test labels, which lack one species, so the integer codes of test labels are shifted relative to training and evaluation silently compares against wrong classes (label-encoding cell). https://example-a.com/answer/59688974
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, pandas as pd
from sklearn.preprocessing import LabelEncoder
import keras
keras.utils.set_random_seed(6)
species = np.array(["adelie", "chinstrap", "gentoo"])
centers = np.array([[0, 0], [3, 0], [0, 3]])
y_tr_raw = np.random.choice(species, 600)
X_tr = np.stack([centers[list(species).index(s)] for s in y_tr_raw]) + np.random.randn(600, 2)
y_te_raw = np.random.choice(species[1:], 150)           # field test batch has no adelie
X_te = np.stack([centers[list(species).index(s)] for s in y_te_raw]) + np.random.randn(150, 2)
# %%
le_train = LabelEncoder(); y_tr = le_train.fit_transform(y_tr_raw)
le_test = LabelEncoder(); y_te = le_test.fit_transform(y_te_raw)
# %%
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(3, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_tr.astype("float32"), y_tr, epochs=30, verbose=0)
print("train acc", model.evaluate(X_tr.astype("float32"), y_tr, verbose=0)[1])
print("test acc", model.evaluate(X_te.astype("float32"), y_te, verbose=0)[1])
