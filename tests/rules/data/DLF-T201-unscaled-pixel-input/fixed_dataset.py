# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

rng = np.random.default_rng(0)
pixels = rng.integers(0, 256, (96, 12, 12)).astype(np.uint8)
classes = rng.integers(0, 4, 96)


class Scans(Dataset):
    def __init__(self, images, targets):
        self.images = images
        self.targets = targets

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, idx):
        img = torch.from_numpy(self.images[idx]).float() / 255.0  # dlfault-fix
        img = img.unsqueeze(0)
        return img, int(self.targets[idx])


train_loader = DataLoader(Scans(pixels, classes), batch_size=32, shuffle=True)
net = nn.Sequential(nn.Flatten(), nn.Linear(144, 32), nn.ReLU(), nn.Linear(32, 4))
opt = torch.optim.SGD(net.parameters(), lr=0.05)

# %%
for xb, yb in train_loader:
    opt.zero_grad()
    out = net(xb)
    loss = nn.functional.cross_entropy(out, yb)
    loss.backward()
    opt.step()
