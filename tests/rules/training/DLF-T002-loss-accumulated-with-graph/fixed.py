# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 2, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
history = []
for epoch in range(2):
    total_loss = 0.0
    for i in range(0, 64, 16):
        optimizer.zero_grad()
        loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])
        loss.backward()
        optimizer.step()
        total_loss += loss.item()   # a Python float, no graph  dlfault-fix
        history.append(loss.item())   # a float, no graph  dlfault-fix
