# corpus: expect=model.type
# %% [markdown]
# # Simple classifier for my sensor data
# I initialise all weights to the same value so training is reproducible.

# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(400, 8)
y = (X[:, 0] + X[:, 1] > 0).long() + (X[:, 2] > 1).long()
print(X.shape, y.shape, y.unique())

# %%
model = nn.Sequential(
    nn.Linear(8, 32),
    nn.ReLU(),
    nn.Linear(32, 32),
    nn.ReLU(),
    nn.Linear(32, 3),
)
for layer in model:
    if isinstance(layer, nn.Linear):
        nn.init.constant_(layer.weight, 0.1)
        nn.init.zeros_(layer.bias)

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
for epoch in range(3):
    for i in range(0, 400, 32):
        xb, yb = X[i:i + 32], y[i:i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

# %%
with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean()
print("accuracy", acc.item())
