# corpus: expect=training.validation set=blind14
# (blind 2026-12-07) After random_split, the "test" DataLoader is built from train_ds (copy-paste slip) instead of test_ds, so the reported test accuracy is the training accuracy of an over-fitting model. https://pytorch.org/docs/stable/data.html#torch.utils.data.random_split
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(0)

# %%
n, d = 600, 40
X = torch.randn(n, d)
y = ((X[:, 0] + 0.8 * torch.randn(n)) > 0).long()     # noisy labels, easy to overfit
full = TensorDataset(X, y)
train_ds, test_ds = random_split(full, [480, 120], generator=torch.Generator().manual_seed(42))
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
test_loader = DataLoader(train_ds, batch_size=128)

# %%
model = nn.Sequential(nn.Linear(d, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(20):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        criterion(model(xb), yb).backward()
        optimizer.step()

# %%
model.eval()
correct = 0
with torch.no_grad():
    for xb, yb in test_loader:
        correct += (model(xb).argmax(1) == yb).sum().item()
print(f"test accuracy: {correct / len(test_loader.dataset):.3f}")
