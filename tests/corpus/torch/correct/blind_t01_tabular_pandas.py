# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import matplotlib
matplotlib.use("Agg")
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)

# %%
# synthetic "heart disease"-style tabular data
n = 600
df = pd.DataFrame({
    "age": np.random.normal(54, 9, n),
    "chol": np.random.normal(246, 51, n),
    "thalach": np.random.normal(149, 22, n),
    "oldpeak": np.abs(np.random.normal(1.0, 1.1, n)),
    "trestbps": np.random.normal(131, 17, n),
})
logit = 0.04 * (df.age - 54) - 0.03 * (df.thalach - 149) + 0.8 * (df.oldpeak - 1)
df["target"] = (logit + np.random.normal(0, 1, n) > 0).astype(int)
df.head()

# %%
df.describe()

# %%
X = df.drop(columns=["target"]).values
y = df["target"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

X_train_t = torch.tensor(X_train, dtype=torch.float32)
y_train_t = torch.tensor(y_train, dtype=torch.long)
X_test_t = torch.tensor(X_test, dtype=torch.float32)
y_test_t = torch.tensor(y_test, dtype=torch.long)

train_loader = DataLoader(TensorDataset(X_train_t, y_train_t), batch_size=32, shuffle=True)
test_loader = DataLoader(TensorDataset(X_test_t, y_test_t), batch_size=64)

# %%
class TabularNet(nn.Module):
    def __init__(self, n_features, n_classes=2):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_features, 32),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(32, 16),
            nn.ReLU(),
            nn.Linear(16, n_classes),
        )

    def forward(self, x):
        return self.net(x)

model = TabularNet(X_train.shape[1])
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
print(model)

# %%
epochs = 3
for epoch in range(epochs):
    model.train()
    running_loss = 0.0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        out = model(xb)
        loss = criterion(out, yb)
        loss.backward()
        optimizer.step()
        running_loss += loss.item() * xb.size(0)
    print(f"epoch {epoch+1}: loss={running_loss/len(train_loader.dataset):.4f}")

# %%
model.eval()
correct, total = 0, 0
with torch.no_grad():
    for xb, yb in test_loader:
        preds = model(xb).argmax(dim=1)
        correct += (preds == yb).sum().item()
        total += yb.size(0)
print(f"test accuracy: {correct/total:.3f}")
