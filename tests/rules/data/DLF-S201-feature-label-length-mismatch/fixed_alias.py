# %%
import torch
from torch.utils.data import TensorDataset as TD

torch.manual_seed(0)
X = torch.randn(100, 4)
y = torch.randint(0, 2, (100,))
keep = X[:, 0] > 0
idx = keep                     # dlfault-fix
X, y = X[idx], y[idx]  # dlfault-fix
assert len(X) == len(y)  # dlfault-fix

# %%
ds = TD(X, y)
