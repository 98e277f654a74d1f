# corpus: correct
# %%
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader


class TabularDataset(Dataset):
    def __init__(self, features, labels):
        self.features = torch.tensor(features, dtype=torch.float32)
        self.labels = torch.tensor(labels, dtype=torch.long)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.features[i], self.labels[i]


rng = np.random.default_rng(7)
feats = rng.normal(size=(450, 8))
feats = (feats - feats.mean(axis=0)) / feats.std(axis=0)
labs = (feats[:, 0] + feats[:, 1] ** 2 > 1).astype(int)
train_ds = TabularDataset(feats[:360], labs[:360])
val_ds = TabularDataset(feats[360:], labs[360:])
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=90)

# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return self.fc2(x)

net = Net()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
def train_one_epoch():
    net.train()
    running = 0.0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(net(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * len(xb)
    return running / len(train_ds)

def validate():
    net.eval()
    with torch.no_grad():
        xb, yb = next(iter(val_loader))
        return (net(xb).argmax(1) == yb).float().mean().item()

for epoch in range(3):
    print(epoch, train_one_epoch(), validate())
