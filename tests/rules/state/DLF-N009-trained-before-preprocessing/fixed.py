# The cells run in order: preprocess, then train, then evaluate.
# %%
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
X_train = rng.integers(0, 256, size=(300, 16)).astype("float32")
X_test = rng.integers(0, 256, size=(100, 16)).astype("float32")
y_train = (X_train[:, 0] > 127).astype("int64")
y_test = (X_test[:, 0] > 127).astype("int64")
model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

# %%
X_train = X_train / np.float32(255.0)   # preprocessing, before training  dlfault-fix
X_test = X_test / np.float32(255.0)

# %%
for epoch in range(10):
    optimizer.zero_grad()
    loss = loss_fn(model(torch.from_numpy(X_train)), torch.from_numpy(y_train))
    loss.backward()
    optimizer.step()

# %%
model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(X_test).float()).argmax(1).numpy()
print((pred == y_test).mean())
