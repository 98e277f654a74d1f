# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 4)
y = torch.randint(0, 2, (200,))
train_loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(X[:150], y[:150]), batch_size=50)
test_loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(X[150:], y[150:]), batch_size=50)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
for xb, yb in train_loader:   # train  dlfault-fix
    opt.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()
with torch.no_grad():  # dlfault-fix
    for xb, yb in test_loader:   # evaluate only  dlfault-fix
        correct = (model(xb).argmax(1) == yb).sum().item()

# %%
import numpy as np
import keras

rng = np.random.default_rng(0)
x_train, y_train = rng.normal(size=(64, 4)), rng.integers(0, 2, 64)
x_test, y_test = rng.normal(size=(32, 4)), rng.integers(0, 2, 32)
clf = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
clf.fit(x_train, y_train, validation_split=0.2)  # dlfault-fix

# %%
# train on X_train only, and score on X_test
X_train, y_train = X[:150], y[:150]
X_test, y_test = X[150:], y[150:]
for i in range(0, len(X_train), 50):
    opt.zero_grad()
    loss = loss_fn(model(X_train[i:i + 50]), y_train[i:i + 50])
    loss.backward()
    opt.step()

# %%
model.eval()
with torch.no_grad():
    acc = (model(X_test).argmax(1) == y_test).float().mean().item()
