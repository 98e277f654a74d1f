# corpus: correct set=state
# Model, optimizer and loss are created together in ONE cell; the training cell starts its
# loss history from an empty list. The user re-runs the model cell and then the training
# cell to train again from scratch: the new optimizer holds the new model's parameters and
# nothing is carried over. This is the fix given in github.com/spro/practical-pytorch/issues/9
# (create the optimizer after the model instance that is trained).
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(42)
X = torch.randn(512, 10)
y = (X @ torch.randn(10) > 0).long()
train_loader = DataLoader(TensorDataset(X[:400], y[:400]), batch_size=50, shuffle=True)
X_val, y_val = X[400:], y[400:]

# %% model + optimizer
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(10, 32)
        self.l2 = nn.Linear(32, 2)
    def forward(self, x):
        return self.l2(F.relu(self.l1(x)))

model = MLP()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()

# %% train
history = []
for epoch in range(15):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        history.append((model(X_val).argmax(1) == y_val).float().mean().item())
print("val acc per epoch", [round(a, 3) for a in history])

# %% model + optimizer
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(10, 32)
        self.l2 = nn.Linear(32, 2)
    def forward(self, x):
        return self.l2(F.relu(self.l1(x)))

model = MLP()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()

# %% train
history = []
for epoch in range(15):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        history.append((model(X_val).argmax(1) == y_val).float().mean().item())
print("val acc per epoch", [round(a, 3) for a in history])
