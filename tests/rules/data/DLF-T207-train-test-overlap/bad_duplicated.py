# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split

gen = np.random.default_rng(7)
feats = gen.normal(size=(600, 5)).astype("float32")
target = (gen.random(600) < 0.1).astype("int64")

# %% expect: DLF-T207
# "balance" the classes by repeating every positive row nine times, then split
pos = feats[target == 1]
feats_aug = np.concatenate([feats, np.repeat(pos, 9, axis=0)])
target_aug = np.concatenate([target, np.ones(9 * len(pos), dtype="int64")])
A_fit, A_hold, b_fit, b_hold = train_test_split(feats_aug, target_aug, test_size=0.25,
                                                random_state=1)
A_fit, A_hold = torch.from_numpy(A_fit), torch.from_numpy(A_hold)
