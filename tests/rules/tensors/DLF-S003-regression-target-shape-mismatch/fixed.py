# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(64, 3)
y = X.sum(dim=1)                     # shape (64,)
loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

# %%
import warnings

warnings.simplefilter("ignore")
for xb, yb in loader:
    optimizer.zero_grad()
    loss = loss_fn(model(xb).squeeze(1), yb)        # both (N,)  dlfault-fix
    # or keep (N, 1): loss = loss_fn(model(xb), yb.unsqueeze(1))
    loss.backward()
    optimizer.step()
