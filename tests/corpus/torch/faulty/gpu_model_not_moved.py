# corpus: expect=gpu
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 32)
        self.fc2 = nn.Linear(32, 3)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))

net = Net()
optimizer = torch.optim.SGD(net.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()

# %%
torch.manual_seed(0)
X = torch.randn(300, 8)
y = torch.randint(0, 3, (300,))
for epoch in range(3):
    for i in range(0, 300, 30):
        inputs = X[i:i+30].to(device)
        targets = y[i:i+30].to(device)
        optimizer.zero_grad()
        loss = criterion(net(inputs), targets)
        loss.backward()
        optimizer.step()
    print("epoch", epoch, loss.item())
