# corpus: expect=api also=training.validation
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
# the data file is sorted by class: first all cats, then dogs, then birds
feats = np.concatenate([rng.normal(i, 1.0, size=(150, 6)) for i in range(3)]).astype(np.float32)
labels = np.repeat(np.arange(3), 150)
train_ds = TensorDataset(torch.from_numpy(feats), torch.from_numpy(labels))
train_loader = DataLoader(train_ds, batch_size=32)

# %%
model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()
for epoch in range(2):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "last batch loss", loss.item())
