# %%
import torch

torch.manual_seed(0)
X = torch.randn(100, 4)
y = torch.randint(0, 2, (100,))
keep = X[:, 0] > 0
idx = keep                     # dlfault-fix
X, y = X[idx], y[idx]  # dlfault-fix
assert len(X) == len(y)  # dlfault-fix

# %%
ds = torch.utils.data.TensorDataset(X, y)

# %%
from torch import nn  # noqa: E402

model = nn.Sequential(nn.Linear(4, 2))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for i in range(0, len(X), 16):
    opt.zero_grad()
    loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])
    loss.backward()
    opt.step()
