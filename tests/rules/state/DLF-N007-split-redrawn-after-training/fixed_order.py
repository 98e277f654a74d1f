# In order: split first, train on X_train only, evaluate on X_test.
# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
X = rng.normal(size=(300, 10)).astype(np.float32)
y = (X[:, 0] > 0).astype(np.int64)
model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.CrossEntropyLoss()

# %%
X_train, X_test, y_train, y_test = train_test_split(  # dlfault-fix
    X, y, test_size=0.2, random_state=42)   # the same split every time the cell runs  dlfault-fix

# %%
Xt, yt = torch.from_numpy(X_train), torch.from_numpy(y_train)
for epoch in range(30):
    optimizer.zero_grad()
    loss = criterion(model(Xt), yt)
    loss.backward()
    optimizer.step()

# %%
model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(X_test)).argmax(1).numpy()
print("test accuracy", (pred == y_test).mean())
