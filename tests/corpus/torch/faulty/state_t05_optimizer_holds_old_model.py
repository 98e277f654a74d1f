# corpus: expect=training.optimizer set=state
# The user builds the model and the optimizer in two cells, then changes nothing but re-runs
# the model cell ("to start from fresh weights") and the training cell. The optimizer still
# holds the parameters of the first model: the new model never changes and the loss stays flat.
# Source: github.com/spro/practical-pytorch/issues/9 ("I have the model instantiated twice ...
# move the optimizer below the second one, so the params aren't reset"); d2l-ai/d2l-en#780.
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)
X = torch.randn(512, 10)
w_true = torch.randn(10)
y = (X @ w_true > 0).long()
X_train, y_train, X_val, y_val = X[:400], y[:400], X[400:], y[400:]

# %% model
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(10, 32)
        self.l2 = nn.Linear(32, 2)
    def forward(self, x):
        return self.l2(F.relu(self.l1(x)))

model = MLP()

# %% optimizer
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
criterion = nn.CrossEntropyLoss()

# %% model (re-run to reset the weights)
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(10, 32)
        self.l2 = nn.Linear(32, 2)
    def forward(self, x):
        return self.l2(F.relu(self.l1(x)))

model = MLP()

# %% train
for epoch in range(20):
    model.train()
    for i in range(0, 400, 50):
        xb, yb = X_train[i:i + 50], y_train[i:i + 50]
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(epoch, loss.item())

# %% evaluate
model.eval()
with torch.no_grad():
    acc = (model(X_val).argmax(1) == y_val).float().mean()
print(f"val acc {acc:.3f}")
