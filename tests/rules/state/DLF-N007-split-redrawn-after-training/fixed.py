# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
X = rng.normal(0, 1, size=(400, 4)).astype("float32")
y = (X[:, 0] + X[:, 1] > 0).astype("int64")

# %%
X_train, X_test, y_train, y_test = train_test_split(  # dlfault-fix
    X, y, test_size=0.2, random_state=42)   # the same split every time the cell runs  dlfault-fix

# %%
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
xt, yt = torch.from_numpy(X_train), torch.from_numpy(y_train)
for epoch in range(20):
    optimizer.zero_grad()
    loss = loss_fn(model(xt), yt)
    loss.backward()
    optimizer.step()

# %%
X_train, X_test, y_train, y_test = train_test_split(  # dlfault-fix
    X, y, test_size=0.2, random_state=42)   # the same split every time the cell runs  dlfault-fix

# %%
model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(X_test)).argmax(1).numpy()
print("test accuracy", (pred == y_test).mean())
