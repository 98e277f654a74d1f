# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(3):  # dlfault-fix
    optimizer.zero_grad()  # dlfault-fix
    loss = loss_fn(model(X), y)  # dlfault-fix
    loss.backward()  # dlfault-fix
    optimizer.step()   # the missing update  dlfault-fix
