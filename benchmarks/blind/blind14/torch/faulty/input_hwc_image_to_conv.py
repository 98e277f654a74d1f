# corpus: expect=tensors.input set=blind14
# (blind 2026-12-07) Images decoded as HWC uint8 arrays (N,32,32,3) are converted with torch.tensor(...).float()/255 and fed to Conv2d(3, ...) without permute to NCHW, raising "expected input[64, 32, 32, 3] to have 3 channels, but got 32 channels instead". https://duoke360.com/post/34414
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# %%
model = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
    nn.Flatten(), nn.Linear(32, 5),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
# images as they come out of PIL / cv2: height x width x channels
images = np.random.randint(0, 256, size=(640, 32, 32, 3), dtype=np.uint8)
labels = np.random.randint(0, 5, size=640)

class ImageDS(Dataset):
    def __init__(self, imgs, labels):
        self.imgs, self.labels = imgs, labels

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        img = torch.tensor(self.imgs[i]).float() / 255.0
        return img, int(self.labels[i])

loader = DataLoader(ImageDS(images, labels), batch_size=64, shuffle=True)
xb, yb = next(iter(loader))
print(xb.shape, model(xb).shape)

# %%
for epoch in range(2):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
