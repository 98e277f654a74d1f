# %%
import torch
from torch.utils.data import DataLoader, Subset, TensorDataset

torch.manual_seed(8)
samples = TensorDataset(torch.randn(500, 6), torch.randint(0, 3, (500,)))
order = torch.randperm(len(samples))
tr_ids, val_ids = order[:400], order[400:]

# %%
train_set = Subset(samples, tr_ids)
val_set = Subset(samples, val_ids)
val_batches = DataLoader(val_set, batch_size=25)
