# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split

gen = np.random.default_rng(7)
feats = gen.normal(size=(600, 5)).astype("float32")
target = (gen.random(600) < 0.1).astype("int64")

# %%
# split the original rows first, then repeat the positives of the training part only
A_fit, A_hold, b_fit, b_hold = train_test_split(feats, target, test_size=0.25, random_state=1, stratify=target)  # dlfault-fix
pos = A_fit[b_fit == 1]
A_fit = np.concatenate([A_fit, np.repeat(pos, 9, axis=0)])
b_fit = np.concatenate([b_fit, np.ones(9 * len(pos), dtype="int64")])
A_fit, A_hold = torch.from_numpy(A_fit), torch.from_numpy(A_hold)
