# corpus: expect=model.type set=blind14
# (blind 2026-12-07) After training and saving the state_dict, the inference cell builds a new SensorNet() and evaluates it without load_state_dict, so test predictions come from randomly initialised weights (accuracy near chance). https://pytorch.org/tutorials/beginner/saving_loading_models.html
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# %%
n, d = 1200, 12
X = np.random.randn(n, d).astype(np.float32)
w = np.random.randn(d)
y = (X @ w + 0.3 * np.random.randn(n) > 0).astype(np.int64)
X_train, X_test = X[:1000], X[1000:]
y_train, y_test = y[:1000], y[1000:]
train_loader = DataLoader(TensorDataset(torch.from_numpy(X_train), torch.from_numpy(y_train)), batch_size=64, shuffle=True)

# %%
class SensorNet(nn.Module):
    def __init__(self, d_in, hidden=32, n_classes=2):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, n_classes))

    def forward(self, x):
        return self.net(x)

model = SensorNet(d)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(8):
    model.train()
    total = 0.0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    print(f"epoch {epoch} loss {total / len(X_train):.4f}")

torch.save(model.state_dict(), "/tmp/sensornet_b14.pt")

# %%
# inference notebook section
model = SensorNet(d)
model.eval()
with torch.no_grad():
    preds = model(torch.from_numpy(X_test)).argmax(dim=1).numpy()
print("test accuracy:", (preds == y_test).mean())
