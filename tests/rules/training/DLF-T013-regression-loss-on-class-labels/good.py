# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 6)
y = torch.randint(0, 5, (200,))
model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 5))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
# a real regression on a float target, scored by error, not by exact match
reg = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 1))
mse = nn.MSELoss()
reg_opt = torch.optim.Adam(reg.parameters(), lr=1e-2)
target = X[:, :1] * 2.0

# %%
for epoch in range(2):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
    reg_opt.zero_grad()
    r = mse(reg(X), target)
    r.backward()
    reg_opt.step()

# %%
with torch.no_grad():
    guess = model(X).argmax(1)
    err = (reg(X) - target).abs().mean().item()
acc = (guess == y).float().mean().item()
