# corpus: expect=training.hyperparameters
# (blind probe, 2026-12-06) SGD learning rate set to 10.0, training diverges (loss explodes / NaN), cell 3
# %%
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# %%
# MNIST-shaped synthetic digits, normalized like transforms.Normalize((0.1307,), (0.3081,))
rng = np.random.default_rng(0)
N = 500
y = rng.integers(0, 10, N)
protos = rng.random((10, 1, 28, 28))
X = np.clip(protos[y] + 0.2 * rng.standard_normal((N, 1, 28, 28)), 0, 1)
X = ((X - 0.1307) / 0.3081).astype(np.float32)
train_loader = DataLoader(TensorDataset(torch.tensor(X[:400]), torch.tensor(y[:400])), batch_size=64, shuffle=True)
test_loader = DataLoader(TensorDataset(torch.tensor(X[400:]), torch.tensor(y[400:])), batch_size=100)

# %%
class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, 1)
        self.conv2 = nn.Conv2d(16, 32, 3, 1)
        self.fc1 = nn.Linear(32 * 12 * 12, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)

model = ConvNet()
learning_rate = 10.0
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

# %%
def train(model, loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(loader):
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % 3 == 0:
            print('Train Epoch: {} [{}/{}]\tLoss: {:.6f}'.format(epoch, batch_idx * len(data), len(loader.dataset), loss.item()))

def test(model, loader):
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for data, target in loader:
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction='sum').item()
            correct += output.argmax(dim=1).eq(target).sum().item()
    print('Test set: Average loss: {:.4f}, Accuracy: {}/{}'.format(test_loss / len(loader.dataset), correct, len(loader.dataset)))

for epoch in range(1, 3):
    train(model, train_loader, optimizer, epoch)
    test(model, test_loader)
