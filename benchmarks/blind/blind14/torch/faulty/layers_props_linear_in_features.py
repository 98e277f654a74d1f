# corpus: expect=model.layers.properties set=blind14
# (blind 2026-12-07) fc1 is declared as nn.Linear(32*8*8, 128) but after two conv(kernel 3, no padding)+pool stages a 32x32 image is 32x6x6, so the first forward raises "mat1 and mat2 shapes cannot be multiplied (64x1152 and 2048x128)". https://geekycodes.in/machine-learning/pytorch-cnn-shape-mismatch-error-fixing-mat1-and-mat2-shapes-cannot-be-multiplied/
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

# %%
x = torch.randint(0, 256, (256, 3, 32, 32)).float().div(255.0)
x = (x - 0.5) / 0.25
y = torch.randint(0, 10, (256,))
loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)

# %%
class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3)
        self.conv2 = nn.Conv2d(16, 32, 3)
        self.pool = nn.MaxPool2d(2, 2)
        self.fc1 = nn.Linear(32 * 8 * 8, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)

net = SmallCNN()
print(net(torch.zeros(1, 3, 32, 32)).shape)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    running = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(net(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item()
    print(epoch, running / len(loader))
