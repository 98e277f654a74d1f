# corpus: correct
# %% [markdown]
# Rare-event detection (about 1 positive in 20), handled with class weights

# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(3)
n_ok, n_rare = 950, 50
X_np = np.concatenate([rng.normal(size=(n_ok, 6)), rng.normal(1.5, 1.0, size=(n_rare, 6))])
y_np = np.concatenate([np.zeros(n_ok), np.ones(n_rare)]).astype("int64")
perm = rng.permutation(len(y_np))
X_np, y_np = X_np[perm].astype("float32"), y_np[perm]
split = 800
X_train, y_train = torch.from_numpy(X_np[:split]), torch.from_numpy(y_np[:split])
X_test, y_test = torch.from_numpy(X_np[split:]), torch.from_numpy(y_np[split:])
print(torch.bincount(y_train))

# %%
counts = torch.bincount(y_train)
class_weights = counts.sum() / (len(counts) * counts.float())
model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 2))
criterion = nn.CrossEntropyLoss(weight=class_weights)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
batch = 64
for epoch in range(5):
    perm_t = torch.randperm(len(X_train))
    total = 0.0
    for i in range(0, len(X_train), batch):
        idx = perm_t[i:i + batch]
        optimizer.zero_grad()
        loss = criterion(model(X_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    print(epoch, total / len(X_train))

# %%
model.eval()
with torch.no_grad():
    pred = model(X_test).argmax(1)
tp = ((pred == 1) & (y_test == 1)).sum().item()
recall = tp / max(1, (y_test == 1).sum().item())
precision = tp / max(1, (pred == 1).sum().item())
print(f"recall {recall:.2f} precision {precision:.2f}")
