# The model and its optimizer are re-created before the training cell runs again: quiet;
# re-running the evaluation is quiet too.
# %%
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(64, 4)
y = torch.randint(0, 2, (64,))
loss_fn = nn.CrossEntropyLoss()

# %%
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
model.train()
for epoch in range(5):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
print(f"final loss {loss.item():.3f}")

# %%
model.eval()
with torch.no_grad():
    acc = (model(x).argmax(1) == y).float().mean().item()
print(acc)

# %%
model.eval()
with torch.no_grad():
    acc = (model(x).argmax(1) == y).float().mean().item()
print(acc)

# %%
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
model.train()
for epoch in range(5):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
print(f"final loss {loss.item():.3f}")
