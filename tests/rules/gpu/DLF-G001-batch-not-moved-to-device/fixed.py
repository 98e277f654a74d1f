# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
X, y = torch.randn(64, 4), torch.randint(0, 2, (64,))
loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
model.to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
# %%
for epoch in range(2):
    for xb, yb in loader:  # dlfault-fix
        xb, yb = xb.to(device), yb.to(device)  # dlfault-fix
        optimizer.zero_grad()
        out = model(xb)  # dlfault-fix
        loss = loss_fn(out, yb)
        loss.backward()
        optimizer.step()
