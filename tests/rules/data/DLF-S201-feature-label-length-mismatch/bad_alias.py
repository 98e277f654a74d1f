# %%
import torch
from torch.utils.data import TensorDataset as TD

torch.manual_seed(0)
X = torch.randn(100, 4)
y = torch.randint(0, 2, (100,))
keep = X[:, 0] > 0
X = X[keep]                      # filtered the features only

# %%
ds = TD(X, y)  # expect: DLF-S201
