# corpus: expect=tensors.shape also=model.layers.properties
# (blind probe, 2026-12-06) fc1 expects 16*5*5 features (copied from a 32x32 CIFAR tutorial) but 28x28 MNIST input gives 16*4*4 after the convs; raises a matmul shape error in forward, cell 4
# %%
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# %%
rng = np.random.default_rng(1)
X = rng.random((300, 1, 28, 28)).astype(np.float32)
y = rng.integers(0, 10, 300)
X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

# %%
class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

net = LeNet()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    for i in range(0, 300, 50):
        optimizer.zero_grad()
        out = net(X_t[i:i + 50])
        loss = criterion(out, y_t[i:i + 50])
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
