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
for epoch in range(3):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()

# %%
# input gradients (a saliency map) need no optimizer step
for i in range(2):
    xi = X[i:i + 1].clone().requires_grad_(True)
    score = model(xi)[0, y[i]]
    score.backward()
    saliency = xi.grad.abs()
model.zero_grad()
