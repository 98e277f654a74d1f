# %%
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.fc = nn.Linear(4 * 8 * 8, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = torch.flatten(x, 1)          # in forward(), instead of x.view(-1, ...)  dlfault-fix
        return self.fc(x)


net = Net()
images = torch.rand(8, 1, 10, 10)
labels = torch.arange(8) % 10
criterion = nn.CrossEntropyLoss()

# %%
loss = criterion(net(images), labels)
