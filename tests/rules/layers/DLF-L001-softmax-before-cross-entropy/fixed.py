# %%
import torch
from torch import nn
import torch.nn.functional as F

x, y = torch.randn(8, 20), torch.randint(0, 3, (8,))

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))
loss_fn = nn.CrossEntropyLoss()  # dlfault-fix
loss = loss_fn(model(x), y)              # raw logits in  dlfault-fix
probs = torch.softmax(model(x), dim=1)  # only when you need probabilities  dlfault-fix


# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.fc2 = nn.Linear(32, 3)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return self.fc2(x)


net = Net()
criterion = nn.CrossEntropyLoss()  # dlfault-fix

# %%
loss = criterion(net(x), y)  # dlfault-fix

# %%
clf = nn.Sequential(nn.Linear(20, 3))
ce = nn.CrossEntropyLoss()  # dlfault-fix
loss = ce(clf(x), y)  # dlfault-fix
