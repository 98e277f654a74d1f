# corpus: expect=tensors.input also=tensors.shape
# (blind probe, 2026-12-06) NHWC images are converted to NCHW with .view(-1, 3, 32, 32) instead of .permute(0, 3, 1, 2), scrambling pixels/channels silently, cell 2
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(2)

# %%
# images come from an image library in HWC layout, normalized to [0,1]
rng = np.random.default_rng(2)
N = 400
y = rng.integers(0, 4, N)
templates = rng.random((4, 32, 32, 3)).astype(np.float32)
X_hwc = np.clip(templates[y] + 0.15 * rng.standard_normal((N, 32, 32, 3)), 0, 1).astype(np.float32)
X = torch.from_numpy(X_hwc).view(-1, 3, 32, 32)
X = (X - 0.5) / 0.5
labels = torch.from_numpy(y).long()
train_set = TensorDataset(X[:320], labels[:320])
test_set = TensorDataset(X[320:], labels[320:])
loader = DataLoader(train_set, batch_size=32, shuffle=True)

# %%
cnn = nn.Sequential(
    nn.Conv2d(3, 16, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(32 * 8 * 8, 64), nn.ReLU(),
    nn.Linear(64, 4),
)
optimizer = torch.optim.Adam(cnn.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    cnn.train()
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(cnn(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch}: {total / len(loader):.4f}")

# %%
cnn.eval()
with torch.no_grad():
    xt, yt = test_set.tensors
    acc = (cnn(xt).argmax(1) == yt).float().mean().item()
print("test acc", acc)
