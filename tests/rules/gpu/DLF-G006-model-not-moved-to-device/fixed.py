# %%
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
net = net.to(device)      # once, before the optimizer is created  dlfault-fix
optimizer = torch.optim.SGD(net.parameters(), lr=0.05)  # dlfault-fix
criterion = nn.CrossEntropyLoss()

# %%
torch.manual_seed(0)
X, y = torch.randn(64, 4), torch.randint(0, 2, (64,))
for epoch in range(2):
    for i in range(0, 64, 16):
        inputs = X[i:i + 16].to(device)
        targets = y[i:i + 16].to(device)
        optimizer.zero_grad()
        loss = criterion(net(inputs), targets)
        loss.backward()
        optimizer.step()
