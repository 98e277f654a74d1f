# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 5))

# %%
import torch.nn.functional as F  # noqa: E402


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.fc2 = nn.Linear(32, 3)
        self.dropout = nn.Dropout(0.3)

    def forward(self, x):
        x = self.dropout(F.relu(self.fc1(x)))
        x = self.fc2(x)
        return x


class Encoder(nn.Module):
    # dropout on embeddings (not on a Linear output layer) is a normal idiom
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 8)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x):
        return self.dropout(self.emb(x))


net = Net()
enc = Encoder()
crit = nn.CrossEntropyLoss()
opt = torch.optim.SGD(net.parameters(), lr=0.01)
for _ in range(2):
    opt.zero_grad()
    loss = crit(net(torch.randn(8, 20)), torch.randint(0, 3, (8,)))
    loss.backward()
    opt.step()
