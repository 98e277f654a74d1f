# corpus: expect=training.validation
# (blind probe, 2026-12-06) the evaluation cell never calls model.eval(), so Dropout and BatchNorm stay in training mode at test time, cell 5
# %%
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(1)

# %%
rng = np.random.RandomState(1)
n = 700
X = rng.randn(n, 30).astype("float32")
y = ((X[:, 0] * X[:, 1] + X[:, 2] - X[:, 3]) > 0).astype("int64")
X_tr, X_te = torch.from_numpy(X[:500]), torch.from_numpy(X[500:])
y_tr, y_te = torch.from_numpy(y[:500]), torch.from_numpy(y[500:])

# %%
net = nn.Sequential(
    nn.Linear(30, 128),
    nn.BatchNorm1d(128),
    nn.ReLU(),
    nn.Dropout(0.5),
    nn.Linear(128, 64),
    nn.BatchNorm1d(64),
    nn.ReLU(),
    nn.Dropout(0.5),
    nn.Linear(64, 2),
)
criterion = nn.CrossEntropyLoss()
opt = optim.Adam(net.parameters(), lr=1e-3)

# %%
batch_size = 50
net.train()
for epoch in range(3):
    perm = torch.randperm(len(X_tr))
    epoch_loss = 0.0
    for i in range(0, len(X_tr), batch_size):
        idx = perm[i:i + batch_size]
        opt.zero_grad()
        out = net(X_tr[idx])
        loss = criterion(out, y_tr[idx])
        loss.backward()
        opt.step()
        epoch_loss += loss.item() * len(idx)
    print("epoch", epoch, "loss", epoch_loss / len(X_tr))

# %%
# evaluate on the held-out set
with torch.no_grad():
    logits = net(X_te)
    preds = logits.argmax(dim=1)
    accuracy = (preds == y_te).float().mean()
print("test accuracy:", accuracy.item())
