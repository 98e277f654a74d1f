# %%
import numpy as np
from sklearn.preprocessing import LabelEncoder
import keras

rng = np.random.default_rng(5)
grades = np.array(["A", "B", "C", "D"])
train_grade = rng.choice(grades, 200)
val_grade = rng.choice(grades, 60)
colour = rng.choice(np.array(["red", "green"]), 200)

# %%
enc = LabelEncoder().fit(train_grade)
train_codes = enc.transform(train_grade)
val_codes = enc.transform(val_grade)

# %%
# an encoder of another column, and a refit on the same classes: the codes agree
colour_enc = LabelEncoder()
colour_codes = colour_enc.fit_transform(colour)
again = LabelEncoder()
again_codes = again.fit_transform(np.concatenate([val_grade, grades]))
