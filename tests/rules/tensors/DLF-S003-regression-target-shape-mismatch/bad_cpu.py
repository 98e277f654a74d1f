# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 3)
y = X.sum(dim=1)                     # shape (64,)
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

# %%
import warnings

warnings.simplefilter("ignore")
for _ in range(3):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y.cpu())  # expect: DLF-S003
    loss.backward()
    optimizer.step()
