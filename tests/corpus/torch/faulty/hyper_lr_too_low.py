# corpus: expect=training.hyperparameters
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(512, 20)
y = (X[:, :5].sum(1) > 0).long()
train_dl = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-9)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    total = 0
    for xb, yb in train_dl:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    print("epoch", epoch, "avg loss", total / len(train_dl))
