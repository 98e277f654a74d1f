# corpus: expect=api set=blind15
# (blind 2026-12-07) The Dataset's horizontal-flip augmentation returns np.flip(img, axis=1), a negative-stride view, and torch.from_numpy on it raises "ValueError: At least one stride in the given numpy array is negative" when the DataLoader builds the first batch. https://github.com/pytorch/pytorch/issues/92680
# %%
import numpy as np
import torch
from torch.utils.data import Dataset, DataLoader

rng = np.random.default_rng(0)
images = rng.integers(0, 256, size=(64, 28, 28), dtype=np.uint8)
labels = rng.integers(0, 10, size=64)

# %%
class DigitsWithFlip(Dataset):
    def __init__(self, imgs, lbls, p_flip=0.5, seed=0):
        self.imgs, self.lbls, self.p = imgs, lbls, p_flip
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        img = self.imgs[i].astype(np.float32) / 255.0
        if self.rng.random() < self.p:
            img = np.flip(img, axis=1)
        return torch.from_numpy(img).unsqueeze(0), int(self.lbls[i])

ds = DigitsWithFlip(images, labels, p_flip=1.0)
loader = DataLoader(ds, batch_size=16, shuffle=True)

# %%
net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(28 * 28, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for xb, yb in loader:
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(xb), yb)
    loss.backward()
    opt.step()
print("loss", loss.item())
