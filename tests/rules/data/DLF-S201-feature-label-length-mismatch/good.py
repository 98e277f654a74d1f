# %%
import torch

torch.manual_seed(0)
X = torch.randn(100, 4)
y = torch.randint(0, 2, (100,))
keep = X[:, 0] > 0
X, y = X[keep], y[keep]          # the same mask for both

# %%
ds = torch.utils.data.TensorDataset(X, y)
