# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 6)
y = torch.randint(0, 5, (200,))
model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.MSELoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
for epoch in range(2):
    opt.zero_grad()
    loss = loss_fn(model(X), y.float().unsqueeze(1))
    loss.backward()
    opt.step()

# %%
with torch.no_grad():
    guess = model(X).round().squeeze(1)
acc = (guess == y).float().mean().item()  # expect: DLF-T013
