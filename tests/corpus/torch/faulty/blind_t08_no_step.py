# corpus: expect=training.process also=api
# (blind probe, 2026-12-06) the training loop calls loss.backward() but never optimizer.step(), so weights are never updated, cell 4
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(11)

# %%
rng = np.random.default_rng(11)
X = rng.normal(size=(600, 8)).astype("float32")
y = (X[:, :3].sum(1) > 0).astype("float32")
X_train, y_train = torch.tensor(X[:480]), torch.tensor(y[:480]).unsqueeze(1)
X_val, y_val = torch.tensor(X[480:]), torch.tensor(y[480:]).unsqueeze(1)

# %%
class LogReg(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.hidden = nn.Linear(n_features, 16)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))

clf = LogReg(8)
bce = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(clf.parameters(), lr=0.01)

# %%
history = []
for epoch in range(3):
    clf.train()
    for i in range(0, len(X_train), 32):
        xb, yb = X_train[i:i + 32], y_train[i:i + 32]
        optimizer.zero_grad()
        logits = clf(xb)
        loss = bce(logits, yb)
        loss.backward()
    clf.eval()
    with torch.no_grad():
        val_loss = bce(clf(X_val), y_val).item()
    history.append(val_loss)
    print(f"epoch {epoch}: train loss {loss.item():.4f}  val loss {val_loss:.4f}")

# %%
with torch.no_grad():
    probs = torch.sigmoid(clf(X_val))
acc = ((probs > 0.5).float() == y_val).float().mean().item()
print("validation accuracy", acc)
