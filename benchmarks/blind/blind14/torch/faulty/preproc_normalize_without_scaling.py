# corpus: expect=training.preprocessing set=blind14
# (blind 2026-12-07) The custom Dataset returns float pixels in 0..255 (no ToTensor-style /255) but then applies Normalize(mean=0.5, std=0.5) copied from a tutorial, so inputs end up around 0..509 instead of -1..1 and training is unstable / stalls. https://discuss.pytorch.org/t/understanding-transform-normalize/21730
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# %%
n = 1200
labels = np.random.randint(0, 2, n)
imgs = np.random.randint(0, 120, size=(n, 1, 16, 16)).astype(np.uint8)
imgs[labels == 1, :, 4:12, 4:12] += 120          # class 1 has a bright square

class Digits(Dataset):
    mean, std = 0.5, 0.5

    def __init__(self, imgs, labels):
        self.imgs, self.labels = imgs, labels

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        x = torch.from_numpy(self.imgs[i]).float()
        x = (x - self.mean) / self.std
        return x, int(self.labels[i])

train_loader = DataLoader(Digits(imgs[:1000], labels[:1000]), batch_size=50, shuffle=True)
test_loader = DataLoader(Digits(imgs[1000:], labels[1000:]), batch_size=200)

# %%
model = nn.Sequential(nn.Flatten(), nn.Linear(256, 64), nn.Sigmoid(), nn.Linear(64, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(5):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, round(loss.item(), 4))
xb, yb = next(iter(test_loader))
print("input range:", xb.min().item(), xb.max().item())
with torch.no_grad():
    print("test acc:", (model(xb).argmax(1) == yb).float().mean().item())
