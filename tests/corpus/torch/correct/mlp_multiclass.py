# corpus: correct
# %% [markdown]
# # Multi-class classification with an MLP

# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)
n_classes = 4
centers = torch.randn(n_classes, 10) * 2
y = torch.randint(0, n_classes, (500,))
X = centers[y] + torch.randn(500, 10)
train_ds, test_ds = random_split(TensorDataset(X, y), [400, 100])
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
test_loader = DataLoader(test_ds, batch_size=64)

# %%
model = nn.Sequential(
    nn.Linear(10, 64),
    nn.ReLU(),
    nn.Linear(64, 32),
    nn.ReLU(),
    nn.Linear(32, n_classes),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(3):
    model.train()
    total = 0.0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch + 1}: train loss {total / len(train_loader):.3f}")

# %%
def accuracy(model, loader):
    model.eval()
    correct = n = 0
    with torch.no_grad():
        for xb, yb in loader:
            correct += (model(xb).argmax(dim=1) == yb).sum().item()
            n += len(yb)
    return correct / n

print("test accuracy:", accuracy(model, test_loader))
