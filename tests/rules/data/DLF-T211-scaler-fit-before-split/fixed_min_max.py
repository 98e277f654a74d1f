# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(3)
feats = rng.gamma(2.0, 50.0, size=(400, 6))       # skewed, wide-range features
target = (feats[:, 2] > 90).astype("int64")

# %%
f_train, f_test, t_train, t_test = train_test_split(feats, target, test_size=0.25, random_state=7)
lo, hi = f_train.min(0), f_train.max(0)  # dlfault-fix
f_train = (f_train - lo) / (hi - lo)  # dlfault-fix
f_test = (f_test - lo) / (hi - lo)  # dlfault-fix
