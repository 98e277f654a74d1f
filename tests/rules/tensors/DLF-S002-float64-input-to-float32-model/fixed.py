# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
features = rng.normal(size=(16, 4))       # float64 by default
targets = rng.normal(size=(16, 1)).astype("float32")
loader = DataLoader(TensorDataset(torch.from_numpy(features), torch.from_numpy(targets)),
                    batch_size=4)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
loss_fn = nn.MSELoss()


# %%
def train_epoch(optimizer):
    for xb, yb in loader:
        optimizer.zero_grad()
        xb = xb.float()        # or, for NumPy: xb.astype("float32")  dlfault-fix
        out = model(xb)  # dlfault-fix
        loss = loss_fn(out, yb)
        loss.backward()
        optimizer.step()


# %%
train_epoch(torch.optim.SGD(model.parameters(), lr=0.01))
