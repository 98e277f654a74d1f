# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score, accuracy_score

torch.manual_seed(3)

# %%
# binary "fraud" style data
rng = np.random.default_rng(3)
n = 700
X = rng.normal(size=(n, 12)).astype(np.float32)
w = rng.normal(size=12)
p = 1 / (1 + np.exp(-(X @ w)))
y = (rng.random(n) < p).astype(np.float32)

split = int(0.8 * n)
X_train, X_test = torch.from_numpy(X[:split]), torch.from_numpy(X[split:])
y_train = torch.from_numpy(y[:split]).unsqueeze(1)  # (N, 1) float
y_test = torch.from_numpy(y[split:]).unsqueeze(1)
print(X_train.shape, y_train.shape, y_train.dtype)

# %%
class BinaryClassifier(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.layer_1 = nn.Linear(d, 32)
        self.layer_2 = nn.Linear(32, 32)
        self.layer_out = nn.Linear(32, 1)
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout(p=0.1)
        self.batchnorm1 = nn.BatchNorm1d(32)

    def forward(self, inputs):
        x = self.relu(self.layer_1(inputs))
        x = self.batchnorm1(x)
        x = self.relu(self.layer_2(x))
        x = self.dropout(x)
        return self.layer_out(x)   # raw logits

model = BinaryClassifier(12)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

def binary_acc(y_pred, y_true):
    y_pred_tag = torch.round(torch.sigmoid(y_pred))
    correct = (y_pred_tag == y_true).sum().float()
    return correct / y_true.shape[0]

# %%
BATCH = 64
for e in range(1, 4):
    model.train()
    epoch_loss, epoch_acc, nb = 0, 0, 0
    perm = torch.randperm(split)
    for i in range(0, split, BATCH):
        idx = perm[i:i + BATCH]
        X_batch, y_batch = X_train[idx], y_train[idx]
        optimizer.zero_grad()
        y_pred = model(X_batch)
        loss = criterion(y_pred, y_batch)
        acc = binary_acc(y_pred, y_batch)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item(); epoch_acc += acc.item(); nb += 1
    print(f'Epoch {e:03}: | Loss: {epoch_loss/nb:.5f} | Acc: {epoch_acc/nb:.3f}')

# %%
model.eval()
with torch.no_grad():
    probs = torch.sigmoid(model(X_test)).squeeze(1).numpy()
print("AUC", roc_auc_score(y_test.squeeze(1).numpy(), probs))
print("ACC", accuracy_score(y_test.squeeze(1).numpy(), probs > 0.5))
