# %%
import numpy as np
import torch
from torch.utils.data import DataLoader, Subset, TensorDataset

torch.manual_seed(8)
samples = TensorDataset(torch.randn(500, 6), torch.randint(0, 3, (500,)))
tr_ids = torch.randperm(len(samples))[:400]
val_ids = torch.randperm(len(samples))[:100]     # a second, independent draw

# %% expect: DLF-T207
train_set = Subset(samples, tr_ids)
val_set = Subset(samples, val_ids)
val_batches = DataLoader(val_set, batch_size=25)
