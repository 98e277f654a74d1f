# corpus: expect=api set=blind14 also=training.validation
# (blind 2026-12-07) The evaluation cell writes `model.eval` without parentheses, which only references the bound method, so the model stays in training mode: Dropout is active and BatchNorm uses/updates batch statistics while computing test accuracy. https://www.leanware.co/insights/what-does-model-eval-do
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

# %%
n, d = 2000, 24
X = torch.randn(n, d)
y = (X[:, :4].sum(1) > 0).long()
train_loader = DataLoader(TensorDataset(X[:1600], y[:1600]), batch_size=64, shuffle=True)
test_loader = DataLoader(TensorDataset(X[1600:], y[1600:]), batch_size=16)

# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(d, 128)
        self.bn1 = nn.BatchNorm1d(128)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 2)

    def forward(self, x):
        return self.fc2(self.drop(torch.relu(self.bn1(self.fc1(x)))))

model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(5):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        criterion(model(xb), yb).backward()
        optimizer.step()

# %%
model.eval
correct = 0
with torch.no_grad():
    for xb, yb in test_loader:
        correct += (model(xb).argmax(1) == yb).sum().item()
print("test accuracy:", correct / 400, "training flag:", model.training)
