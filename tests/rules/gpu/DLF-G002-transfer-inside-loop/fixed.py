# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
X, y = torch.randn(64, 4), torch.randint(0, 2, (64,))
loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
model = model.to(device)   # first  dlfault-fix
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)   # then  dlfault-fix

# %%
const = torch.tensor([1.0, 2.0]).to(device)  # dlfault-fix
for xb, yb in loader:
    xb, yb = xb.to(device), yb.to(device)
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb, weight=const)
    loss.backward()
    optimizer.step()
