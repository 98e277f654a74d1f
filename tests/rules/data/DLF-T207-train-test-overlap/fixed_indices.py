# %%
import numpy as np
import torch
from torch.utils.data import DataLoader, Subset, TensorDataset

torch.manual_seed(8)
samples = TensorDataset(torch.randn(500, 6), torch.randint(0, 3, (500,)))
perm = np.random.permutation(len(samples))     # one shuffle, cut in two  # dlfault-fix
n_train = int(0.8 * len(samples))  # dlfault-fix
tr_ids, val_ids = perm[:n_train], perm[n_train:]  # dlfault-fix

# %%
train_set = Subset(samples, tr_ids)
val_set = Subset(samples, val_ids)
val_batches = DataLoader(val_set, batch_size=25)
