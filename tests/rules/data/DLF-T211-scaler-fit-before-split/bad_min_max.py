# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(3)
feats = rng.gamma(2.0, 50.0, size=(400, 6))       # skewed, wide-range features
target = (feats[:, 2] > 90).astype("int64")

# %%
# range of every column, over all 400 rows
lo, hi = feats.min(axis=0), feats.max(axis=0)

# %%
feats_mm = (feats - lo) / (hi - lo)
f_train, f_test, t_train, t_test = train_test_split(feats_mm, target, test_size=0.25, random_state=7)  # expect: DLF-T211
