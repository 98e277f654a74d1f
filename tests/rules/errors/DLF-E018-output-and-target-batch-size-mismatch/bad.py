# %%
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.fc = nn.Linear(4 * 4 * 4, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = x.view(-1, 4 * 4 * 4)
        return self.fc(x)


net = Net()
images = torch.rand(8, 1, 10, 10)
labels = torch.arange(8) % 10
criterion = nn.CrossEntropyLoss()

# %%
loss = criterion(net(images), labels)  # expect: DLF-E018
