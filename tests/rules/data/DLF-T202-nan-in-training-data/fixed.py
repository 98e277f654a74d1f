# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(0)
X_np = rng.normal(size=(200, 4))
X_np[::40, 2] = np.nan          # missing values read from a file
y_np = rng.integers(0, 2, 200)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))

# %%
mask = np.isfinite(X_np).reshape(len(X_np), -1).all(axis=1)  # dlfault-fix
X_np, y_np = X_np[mask], y_np[mask]  # dlfault-fix
ds = torch.utils.data.TensorDataset(torch.from_numpy(X_np).float(), torch.from_numpy(y_np))
loader = torch.utils.data.DataLoader(ds, batch_size=32)
