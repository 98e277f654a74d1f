# corpus: expect=training.preprocessing
# (blind probe, 2026-12-06) CIFAR-like uint8 images (0-255) are converted to float but never scaled/normalized before the CNN, cell 2
# %%
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

# %%
# synthetic CIFAR-10-shaped data: (N, 32, 32, 3) uint8
rng = np.random.default_rng(0)
n_train, n_test = 400, 100
labels = rng.integers(0, 10, n_train + n_test)
base = rng.integers(0, 256, size=(10, 32, 32, 3))
imgs = np.clip(base[labels] + rng.normal(0, 40, size=(n_train + n_test, 32, 32, 3)), 0, 255).astype(np.uint8)
x = torch.from_numpy(imgs).permute(0, 3, 1, 2).float()   # NCHW, values 0..255
t = torch.from_numpy(labels).long()
trainloader = DataLoader(TensorDataset(x[:n_train], t[:n_train]), batch_size=32, shuffle=True)
testloader = DataLoader(TensorDataset(x[n_train:], t[n_train:]), batch_size=100)
classes = ('plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck')

# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

# %%
for epoch in range(2):
    running_loss = 0.0
    for i, (inputs, lbls) in enumerate(trainloader, 0):
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, lbls)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    print(f'[{epoch + 1}] loss: {running_loss / len(trainloader):.3f}')
print('Finished Training')

# %%
net.eval()
correct = total = 0
with torch.no_grad():
    for images, lbls in testloader:
        outputs = net(images)
        _, predicted = torch.max(outputs.data, 1)
        total += lbls.size(0)
        correct += (predicted == lbls).sum().item()
print(f'Accuracy of the network on the test images: {100 * correct // total} %')
