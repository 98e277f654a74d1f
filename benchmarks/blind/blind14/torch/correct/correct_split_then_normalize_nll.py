# corpus: correct set=blind14
# (blind 2026-12-07) uint8 images are split with random_split first, mean/std are computed from the training indices only and applied to both splits after /255; the head returns log_softmax and is trained with NLLLoss (a valid pair); the flatten is done with nn.Flatten before Linear. https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(0)

# %%
n = 1500
labels = torch.randint(0, 3, (n,))
imgs = torch.randint(0, 100, (n, 1, 16, 16), dtype=torch.uint8)
for c in range(3):
    imgs[labels == c, :, 5 * c:5 * c + 4, :] = 230
train_idx, test_idx = random_split(range(n), [1200, 300], generator=torch.Generator().manual_seed(0))
train_idx, test_idx = list(train_idx), list(test_idx)

x = imgs.float() / 255.0
mean, std = x[train_idx].mean(), x[train_idx].std()
x = (x - mean) / std
train_loader = DataLoader(TensorDataset(x[train_idx], labels[train_idx]), batch_size=64, shuffle=True)
test_loader = DataLoader(TensorDataset(x[test_idx], labels[test_idx]), batch_size=300)

# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8 * 8 * 8, 3)

    def forward(self, x):
        x = self.flatten(self.pool(F.relu(self.conv(x))))
        return F.log_softmax(self.fc(x), dim=1)

model = Net()
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

# %%
for epoch in range(3):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    xb, yb = next(iter(test_loader))
    print("test acc:", (model(xb).argmax(1) == yb).float().mean().item())
