# corpus: correct
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.randn(500, 6)
y = ((X[:, 0] * X[:, 1] + X[:, 2]) > 0).float()
X_train, y_train, X_test, y_test = X[:400], y[:400], X[400:], y[400:]

# %%
class BinaryClassifier(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.fc1 = nn.Linear(n_features, 32)
        self.fc2 = nn.Linear(32, 16)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)          # logits: BCEWithLogitsLoss applies the sigmoid

model = BinaryClassifier(6)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

# %%
for epoch in range(3):
    model.train()
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), 50):
        idx = perm[i:i + 50]
        optimizer.zero_grad()
        logits = model(X_train[idx]).squeeze(1)
        loss = criterion(logits, y_train[idx])
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "loss", round(loss.item(), 4))

# %%
model.eval()
with torch.no_grad():
    probs = torch.sigmoid(model(X_test).squeeze(1))
    acc = ((probs > 0.5).float() == y_test).float().mean()
print(f"test accuracy {acc:.2%}")
