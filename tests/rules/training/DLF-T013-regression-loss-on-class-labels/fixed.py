# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 6)
y = torch.randint(0, 5, (200,))
hidden = 16
model = nn.Sequential(nn.Linear(6, hidden), nn.ReLU(), nn.Linear(hidden, 5))  # dlfault-fix
loss_fn = nn.CrossEntropyLoss()  # dlfault-fix
opt = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
x = X
for epoch in range(2):
    opt.zero_grad()
    loss = loss_fn(model(x), y)          # integer labels, no .float()  dlfault-fix
    loss.backward()
    opt.step()

# %%
with torch.no_grad():
    pred = model(x).argmax(dim=1)  # dlfault-fix
acc = (pred == y).float().mean().item()
