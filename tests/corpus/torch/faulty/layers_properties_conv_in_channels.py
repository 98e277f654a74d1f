# corpus: expect=model.layers.properties also=tensors.input
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
# grayscale digits, 28x28
x = torch.rand(200, 1, 28, 28)
y = torch.randint(0, 10, (200,))
train_loader = DataLoader(TensorDataset(x, y), batch_size=20, shuffle=True)

# %%
class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(16 * 14 * 14, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        return self.fc(x.flatten(1))

net = SmallCNN()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for xb, yb in train_loader:
    optimizer.zero_grad()
    loss = criterion(net(xb), yb)
    loss.backward()
    optimizer.step()
print("done", loss.item())
