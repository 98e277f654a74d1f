# %%
import torch

torch.manual_seed(0)
X = torch.randn(100, 4)
y = torch.randint(0, 2, (100,))
keep = X[:, 0] > 0
X = X[keep]                      # filtered the features only

# %%
ds = torch.utils.data.TensorDataset(X, y)  # expect: DLF-S201

# %%
from torch import nn  # noqa: E402

model = nn.Sequential(nn.Linear(4, 2))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for i in range(0, len(X), 16):
    opt.zero_grad()
    loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])  # expect: DLF-S201
    loss.backward()
    opt.step()
