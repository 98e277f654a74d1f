# corpus: expect=training.preprocessing set=blind12
# (blind 2026-12-07) uint8 images (0-255) are converted with .float() but never divided by 255 or normalized before the MLP, so activations/gradients are huge and training stalls (dataset cell). http://pullrequest.ru/10248037/cnn-keras-shodyatsya-odnomu-tomu-zhe-znacheniy-nezavisimo-vvoda
# %%
import numpy as np, torch, torch.nn as nn
from torch.utils.data import Dataset, DataLoader
rng = np.random.default_rng(14); torch.manual_seed(14)
labels = rng.integers(0, 3, 600)
images = rng.integers(0, 200, (600, 16, 16)).astype(np.uint8)
for k in range(3):
    images[labels == k, k*5:(k*5+5), :] += 40     # class-specific slightly brighter band
# %%
class Digits(Dataset):
    def __init__(self, imgs, ys):
        self.imgs, self.ys = imgs, ys
    def __len__(self):
        return len(self.ys)
    def __getitem__(self, idx):
        x = torch.from_numpy(self.imgs[idx]).float().flatten()
        return x, int(self.ys[idx])
loader = DataLoader(Digits(images, labels), batch_size=32, shuffle=True)
# %%
model = nn.Sequential(nn.Linear(256, 64), nn.Sigmoid(), nn.Linear(64, 3))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(5):
    correct = 0
    for xb, yb in loader:
        opt.zero_grad(); out = model(xb)
        loss = nn.functional.cross_entropy(out, yb); loss.backward(); opt.step()
        correct += (out.argmax(1) == yb).sum().item()
    print(epoch, loss.item(), correct / len(labels))
