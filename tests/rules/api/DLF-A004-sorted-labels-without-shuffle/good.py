# %%
import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(90, 4)
y = torch.arange(3).repeat_interleave(30)
train_ds = TensorDataset(X, y)

# %%
train_loader = DataLoader(train_ds, batch_size=10, shuffle=True)
# an evaluation loader does not need shuffling
test_loader = DataLoader(TensorDataset(X, y), batch_size=10)
