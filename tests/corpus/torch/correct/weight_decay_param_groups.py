# corpus: correct
# %% [markdown]
# Small CNN with BatchNorm; weight decay only on conv/linear weights

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.manual_seed(0)
images = torch.rand(256, 1, 16, 16)
labels = (images[:, 0, :8].mean(dim=(1, 2)) > images[:, 0, 8:].mean(dim=(1, 2))).long()
train_loader = DataLoader(TensorDataset(images[:200], labels[:200]), batch_size=32,
                          shuffle=True)
test_loader = DataLoader(TensorDataset(images[200:], labels[200:]), batch_size=56)

# %%
class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(16)
        self.fc1 = nn.Linear(16 * 4 * 4, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = x.flatten(1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


model = SmallCNN().to(device)
decay, no_decay = [], []
for name, p in model.named_parameters():
    (decay if p.ndim >= 2 else no_decay).append(p)
optimizer = torch.optim.SGD([
    {"params": decay, "weight_decay": 5e-4},
    {"params": no_decay, "weight_decay": 0.0},
], lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    model.train()
    running = torch.zeros((), device=device)
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.detach()
    print(f"epoch {epoch}: loss {running.item() / len(train_loader):.4f}")

# %%
model.eval()
correct = 0
with torch.no_grad():
    for xb, yb in test_loader:
        xb, yb = xb.to(device), yb.to(device)
        correct += (model(xb).argmax(1) == yb).sum().item()
print("test accuracy", correct / 56)
