# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Binary image classifier (cats vs dogs style) checked with %%dlcheck

# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(26)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %%
imgs = torch.rand(320, 3, 32, 32)
labels = torch.randint(0, 2, (320,)).float()
imgs[labels == 1, 2] *= 0.6          # dogs are less blue
mean = imgs[:256].mean(dim=(0, 2, 3), keepdim=True)
std = imgs[:256].std(dim=(0, 2, 3), keepdim=True)
imgs = (imgs - mean) / std
train_loader = DataLoader(TensorDataset(imgs[:256], labels[:256]), batch_size=32, shuffle=True)
val_loader = DataLoader(TensorDataset(imgs[256:], labels[256:]), batch_size=64)

# %%
class CatDogNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(64, 1))

    def forward(self, x):
        return self.classifier(self.features(x))

model = CatDogNet().to(device)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
%%dlcheck
for epoch in range(3):
    model.train()
    for x, t in train_loader:
        x, t = x.to(device), t.to(device).unsqueeze(1)
        optimizer.zero_grad()
        loss = criterion(model(x), t)
        loss.backward()
        optimizer.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, t in val_loader:
            pred = (torch.sigmoid(model(x.to(device))) > 0.5).float().squeeze(1)
            correct += (pred == t.to(device)).sum().item()
    print(f"epoch {epoch}: loss {loss.item():.3f} val acc {correct / 64:.2f}")
