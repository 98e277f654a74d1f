# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %%
# A small "pretrained" backbone (pretend it was trained on a big dataset)
def make_backbone():
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    )

class FineTuner(nn.Module):
    def __init__(self, backbone, n_classes):
        super().__init__()
        self.backbone = backbone
        self.head = nn.Linear(32, n_classes)

    def forward(self, x):
        return self.head(self.backbone(x))

backbone = make_backbone()
for p in backbone.parameters():
    p.requires_grad = False

model = FineTuner(backbone, n_classes=5).to(device)
n_trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
n_total = sum(p.numel() for p in model.parameters())
print(f"trainable {n_trainable} / {n_total}")

# %%
# CIFAR-like images, normalised with per-channel mean/std
imgs = torch.rand(400, 3, 32, 32)
mean = imgs.mean(dim=(0, 2, 3), keepdim=True)
std = imgs.std(dim=(0, 2, 3), keepdim=True)
imgs = (imgs - mean) / std
labels = torch.randint(0, 5, (400,))
loader = DataLoader(TensorDataset(imgs, labels), batch_size=32, shuffle=True)

# %%
optimizer = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=1e-3)

for epoch in range(2):
    model.train()
    model.backbone.eval()   # keep the frozen BN statistics fixed
    epoch_loss = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()
    print(epoch, epoch_loss / len(loader))

# %%
# stage 2: unfreeze the last conv block with a smaller learning rate
for p in model.backbone[4:].parameters():
    p.requires_grad = True
optimizer = torch.optim.Adam([
    {"params": model.backbone[4:].parameters(), "lr": 1e-4},
    {"params": model.head.parameters(), "lr": 1e-3},
])
model.train()
model.backbone[:4].eval()   # first block stays frozen, BN statistics included
for x, y in loader:
    x, y = x.to(device), y.to(device)
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
print("fine-tuned loss", loss.item())
