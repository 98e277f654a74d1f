# corpus: expect=training.data_quality set=blind14
# (blind 2026-12-07) Features and labels are shuffled with two independent np.random.shuffle calls, which breaks the pairing between each row and its label, so the network is trained on effectively random labels and test accuracy is at chance. https://stackoverflow.com/questions/4601373/better-way-to-shuffle-two-numpy-arrays-in-unison
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

# %%
n, d = 2000, 10
X = np.random.randn(n, d).astype(np.float32)
y = (X[:, 0] * X[:, 1] + X[:, 2] > 0).astype(np.int64)

np.random.shuffle(X)
np.random.shuffle(y)

split = int(0.8 * n)
X_train, X_test = torch.from_numpy(X[:split]), torch.from_numpy(X[split:])
y_train, y_test = torch.from_numpy(y[:split]), torch.from_numpy(y[split:])

# %%
model = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(15):
    perm = torch.randperm(split)
    for i in range(0, split, 64):
        idx = perm[i:i + 64]
        optimizer.zero_grad()
        loss = criterion(model(X_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(epoch, loss.item())

# %%
with torch.no_grad():
    acc = (model(X_test).argmax(1) == y_test).float().mean().item()
print("test accuracy:", acc)
