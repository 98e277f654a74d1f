# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()
dataset = TensorDataset(X, y)   # the samples; worker processes load the batches
loader = DataLoader(dataset, batch_size=64, shuffle=True,  # dlfault-fix
                    num_workers=4, pin_memory=True, persistent_workers=True)  # dlfault-fix

# %%
%%dlcheck
for xb, yb in loader:
    optimizer.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    optimizer.step()
