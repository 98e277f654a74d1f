# %%
import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(90, 4)
y = torch.arange(3).repeat_interleave(30)   # 0,0,...,1,1,...,2,2
train_ds = TensorDataset(X, y)

# %%
train_loader = DataLoader(train_ds, batch_size=10, shuffle=True)  # dlfault-fix
