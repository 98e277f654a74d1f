# corpus: expect=training.validation
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)
X = torch.randn(500, 16)
y = (X[:, 0] + 0.5 * X[:, 1] > 0).long()
train_ds, test_ds = random_split(TensorDataset(X, y), [400, 100])
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
test_loader = DataLoader(test_ds, batch_size=100)

# %%
model = nn.Sequential(
    nn.Linear(16, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.5),
    nn.Linear(64, 2),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
model.train()
for epoch in range(3):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "loss", loss.item())

# %%
correct = 0
for xb, yb in test_loader:
    out = model(xb)
    correct += (out.argmax(1) == yb).sum().item()
print("test accuracy", correct / len(test_ds))
