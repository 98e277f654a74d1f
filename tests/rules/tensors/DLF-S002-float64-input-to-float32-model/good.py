# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
features = rng.normal(size=(16, 4)).astype("float32")
targets = rng.normal(size=(16, 1)).astype("float32")
loader = DataLoader(TensorDataset(torch.from_numpy(features), torch.from_numpy(targets)),
                    batch_size=4)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
loss_fn = nn.MSELoss()
raw = rng.normal(size=(16, 4))


# %%
def train_epoch(optimizer):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()


pred2 = model(torch.from_numpy(raw).float())

# %%
xt = torch.tensor(raw, dtype=torch.float32)   # cast where the tensor is made
pred3 = model(xt)
