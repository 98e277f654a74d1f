# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(64, 3)
y = X.sum(dim=1)
loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

# %%
for xb, yb in loader:
    optimizer.zero_grad()
    loss = loss_fn(model(xb).squeeze(1), yb)
    loss.backward()
    optimizer.step()
Y2 = y.unsqueeze(1)
full = loss_fn(model(X), Y2)
