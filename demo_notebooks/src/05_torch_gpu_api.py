# demo: title="PyTorch: GPU usage and API"
# demo: expect=DLF-G001,DLF-A001
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # PyTorch — GPU usage and API
# GPU faults are caught from the code and the objects, so they are found even on a
# machine without a GPU — before the notebook meets one. Each faulty cell is followed
# by its fix.

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

device = "cuda" if torch.cuda.is_available() else "cpu"
X = torch.randn(256, 8)
y = (X[:, 0] > 0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)

# %% [markdown]
# ## The model is moved to the device, the batches are not
# On a CPU-only machine this runs; on a GPU it stops with *Expected all tensors to be on
# the same device*.

# %%
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()
for xb, yb in loader:
    optimizer.zero_grad()
    loss = criterion(model(xb), yb)
    loss.backward()
    optimizer.step()

# %% [markdown]
# **Fixed**: move every batch to the model's device.

# %%
for xb, yb in loader:
    xb, yb = xb.to(device), yb.to(device)
    optimizer.zero_grad()
    loss = criterion(model(xb), yb)
    loss.backward()
    optimizer.step()

# %% [markdown]
# ## Deprecated API from an old tutorial
# `Variable`, `F.sigmoid` and `size_average=` still work (some with warnings) but are gone
# from current code; the check names the modern call.

# %%
from torch.autograd import Variable

inputs = Variable(X)
probs = F.sigmoid(model(inputs)[:, 1])

# %% [markdown]
# **Fixed**

# %%
probs = torch.sigmoid(model(X)[:, 1].detach())
