# demo: title="PyTorch: the training loop"
# demo: expect=DLF-T001,DLF-T002,DLF-T208
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # PyTorch — training process, validation
# The *Training* branch of the taxonomy: faults in the loop itself, and in how the model
# is validated. Each faulty cell is followed by its corrected version.

# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(500, 10)
y = (X[:, 0] + X[:, 1] > 0).long()
X_train, y_train, X_test, y_test = X[:400], y[:400], X[400:], y[400:]
train_loader = DataLoader(TensorDataset(X_train, y_train), batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %% [markdown]
# ## Gradients never cleared
# Without `optimizer.zero_grad()`, each `backward()` adds to the gradients of all the
# previous steps.

# %%
for epoch in range(2):
    for xb, yb in train_loader:
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

# %% [markdown]
# **Fixed**

# %%
for epoch in range(2):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

# %% [markdown]
# ## Summing the loss tensor keeps every step's graph alive
# `total += loss` keeps a reference to the autograd graph of every batch: memory grows
# with every step. Sum the Python number instead.

# %%
total = 0
for xb, yb in train_loader:
    optimizer.zero_grad()
    loss = criterion(model(xb), yb)
    loss.backward()
    optimizer.step()
    total += loss
print(total / len(train_loader))

# %% [markdown]
# **Fixed**

# %%
total = 0.0
for xb, yb in train_loader:
    optimizer.zero_grad()
    loss = criterion(model(xb), yb)
    loss.backward()
    optimizer.step()
    total += loss.item()
print(total / len(train_loader))

# %% [markdown]
# ## Training on the test set
# A copy-paste slip: the training loop iterates over `test_loader`. The test accuracy
# then measures memory, not generalisation.

# %%
test_loader = DataLoader(TensorDataset(X_test, y_test), batch_size=50)
for epoch in range(2):
    for xb, yb in test_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

# %% [markdown]
# **Fixed**: train on the training split only; evaluate in `eval()` mode without gradients.

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(2):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    correct = sum((model(xb).argmax(1) == yb).sum().item() for xb, yb in test_loader)
print("test accuracy", correct / len(X_test))
