# corpus: correct set=blind12
# (blind 2026-12-07) Integer class labels 0..K-1 with Dense(K, softmax) and sparse_categorical_crossentropy; a single LabelEncoder is fit on training labels and reused (transform) for the test labels.
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
from sklearn.preprocessing import LabelEncoder
import keras
keras.utils.set_random_seed(202)
species = np.array(["adelie", "chinstrap", "gentoo"]); centers = np.array([[0, 0], [3, 0], [0, 3]])
def sample(n, pool):
    lab = np.random.choice(pool, n)
    return np.stack([centers[list(species).index(s)] for s in lab]) + np.random.randn(n, 2), lab
X_tr, l_tr = sample(600, species); X_te, l_te = sample(150, species[1:])
le = LabelEncoder().fit(l_tr)
y_tr, y_te = le.transform(l_tr), le.transform(l_te)
# %%
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(len(le.classes_), activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_tr.astype("float32"), y_tr, epochs=30, verbose=0)
print("test acc", model.evaluate(X_te.astype("float32"), y_te, verbose=0)[1])
