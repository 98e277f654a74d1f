# %%
import torch
from torch import nn
import torch.nn.functional as F

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))
loss_fn = nn.CrossEntropyLoss()
# a softmax is fine for inference, outside the loss
probs = torch.softmax(model(torch.zeros(2, 20)), dim=1)
# LogSoftmax belongs with NLLLoss
clf = nn.Sequential(nn.Linear(20, 3), nn.LogSoftmax(dim=1))
nll = nn.NLLLoss()
loss = nll(clf(torch.zeros(2, 20)), torch.tensor([0, 1]))


# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.fc2 = nn.Linear(32, 3)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        logits = self.fc2(x)
        if self.training:
            return logits
        return F.softmax(logits, dim=1)


net = Net()
criterion = nn.CrossEntropyLoss()
x, y = torch.randn(8, 20), torch.randint(0, 3, (8,))
loss = criterion(net(x), y)
