# corpus: expect=training.process
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(480, 12)
y = torch.randint(0, 3, (480,))
loader = DataLoader(TensorDataset(X, y), batch_size=48, shuffle=True)
model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 3))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
history = []
for epoch in range(3):
    epoch_loss = 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        epoch_loss += loss
    history.append(epoch_loss / len(loader))
    print("epoch", epoch, history[-1])
