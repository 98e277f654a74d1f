# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

rng = np.random.default_rng(0)
pixels = rng.integers(0, 256, (96, 12, 12)).astype(np.uint8)
classes = rng.integers(0, 4, 96)


class Scaled(Dataset):
    """Scales in __getitem__: the stored array is raw, the items are not."""

    def __init__(self, images, targets):
        self.images = images
        self.targets = targets

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, idx):
        img = torch.from_numpy(self.images[idx]).float().unsqueeze(0) / 255.0
        return img, int(self.targets[idx])


class InPlace(Scaled):
    def __getitem__(self, idx):
        img = torch.from_numpy(self.images[idx]).float()
        img /= 255.0
        return img.unsqueeze(0), int(self.targets[idx])


class Transformed(Scaled):
    def __init__(self, images, targets, transform):
        super().__init__(images, targets)
        self.transform = transform

    def __getitem__(self, idx):
        img = self.transform(torch.from_numpy(self.images[idx]).float())
        return img.unsqueeze(0), int(self.targets[idx])


net = nn.Sequential(nn.Flatten(), nn.Linear(144, 32), nn.ReLU(), nn.Linear(32, 4))
opt = torch.optim.SGD(net.parameters(), lr=0.05)

# %%
train_loader = DataLoader(Scaled(pixels, classes), batch_size=32)
for xb, yb in train_loader:
    opt.zero_grad()
    out = net(xb)
    loss = nn.functional.cross_entropy(out, yb)
    loss.backward()
    opt.step()

# %%
train_loader = DataLoader(InPlace(pixels, classes), batch_size=32)
for xb, yb in train_loader:
    opt.zero_grad()
    out = net(xb)
    loss = nn.functional.cross_entropy(out, yb)
    loss.backward()
    opt.step()

# %%
train_loader = DataLoader(Transformed(pixels, classes, lambda t: (t - 127.5) / 127.5), batch_size=32)
for xb, yb in train_loader:
    opt.zero_grad()
    out = net(xb)
    loss = nn.functional.cross_entropy(out, yb)
    loss.backward()
    opt.step()
