# corpus: correct
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
raw = rng.integers(0, 256, size=(320, 28, 28), dtype=np.uint8)
labels = rng.integers(0, 10, size=320)
# scale to [0, 1] and add the channel axis: (N, 1, 28, 28)
images = torch.tensor(raw, dtype=torch.float32).unsqueeze(1) / 255.0
targets = torch.tensor(labels, dtype=torch.long)
train_loader = DataLoader(TensorDataset(images[:256], targets[:256]), batch_size=32, shuffle=True)
val_loader = DataLoader(TensorDataset(images[256:], targets[256:]), batch_size=64)
print(images.shape, images.min().item(), images.max().item())

# %%
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 7 * 7, 10))

    def forward(self, x):
        return self.classifier(self.features(x))

model = CNN()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = sum(criterion(model(xb), yb).item() for xb, yb in val_loader) / len(val_loader)
    print(f"epoch {epoch}: train {loss.item():.3f} val {val_loss:.3f}")
