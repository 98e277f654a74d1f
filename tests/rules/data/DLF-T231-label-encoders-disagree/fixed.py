# %%
import numpy as np
from sklearn.preprocessing import LabelEncoder
import keras

rng = np.random.default_rng(5)
grades = np.array(["A", "B", "C", "D"])
train_grade = rng.choice(grades, 200)
val_grade = rng.choice(grades[[0, 2, 3]], 60)      # no "B" in this batch
train_feat = rng.normal(size=(200, 3)).astype("float32")
val_feat = rng.normal(size=(60, 3)).astype("float32")

# %%
enc = LabelEncoder().fit(train_grade)
train_codes = enc.transform(train_grade)

# %%
val_codes = enc.transform(val_grade)  # dlfault-fix
