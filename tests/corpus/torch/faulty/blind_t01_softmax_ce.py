# corpus: expect=model.layers.activation also=model.layers.choice
# (blind probe, 2026-12-06) forward() ends with F.softmax and the output is fed to nn.CrossEntropyLoss (double softmax), cell 3
# %% [markdown]
# # Fashion-MNIST style MLP classifier (synthetic data)

# %%
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# %%
# synthetic "fashion" images: 28x28 grayscale, already scaled to [0,1]
n_train, n_test = 600, 200
centers = np.random.rand(10, 784).astype("float32")
y_all = np.random.randint(0, 10, n_train + n_test)
X_all = np.clip(centers[y_all] + 0.3 * np.random.randn(n_train + n_test, 784), 0, 1).astype("float32")
X_train, y_train = torch.tensor(X_all[:n_train]), torch.tensor(y_all[:n_train], dtype=torch.long)
X_test, y_test = torch.tensor(X_all[n_train:]), torch.tensor(y_all[n_train:], dtype=torch.long)
train_loader = DataLoader(TensorDataset(X_train, y_train), batch_size=64, shuffle=True)

# %%
class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return F.softmax(self.fc3(x), dim=1)

model = Classifier()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.003)

# %%
epochs = 3
for e in range(epochs):
    running_loss = 0.0
    for images, labels in train_loader:
        optimizer.zero_grad()
        log_ps = model(images)
        loss = criterion(log_ps, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    print(f"Epoch {e+1}: training loss {running_loss/len(train_loader):.4f}")

# %%
model.eval()
with torch.no_grad():
    ps = model(X_test)
    acc = (ps.argmax(dim=1) == y_test).float().mean().item()
print(f"Test accuracy: {acc:.3f}")
