# corpus: expect=gpu
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

device = "cuda" if torch.cuda.is_available() else "cpu"
print("using", device)

torch.manual_seed(0)
X = torch.randn(512, 20)
y = (X[:, 1] > 0).long()
train_loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
