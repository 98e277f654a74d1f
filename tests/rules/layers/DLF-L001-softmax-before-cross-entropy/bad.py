# %%
import torch
from torch import nn
import torch.nn.functional as F

# %% expect: DLF-L001
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()


# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.fc2 = nn.Linear(32, 3)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return F.softmax(self.fc2(x), dim=1)


net = Net()
criterion = nn.CrossEntropyLoss()

# %% expect: DLF-L001
x, y = torch.randn(8, 20), torch.randint(0, 3, (8,))
loss = criterion(net(x), y)

# %% expect: DLF-L001
clf = nn.Sequential(nn.Linear(20, 3), nn.LogSoftmax(dim=1))
ce = nn.CrossEntropyLoss()
loss2 = ce(clf(x), y)
