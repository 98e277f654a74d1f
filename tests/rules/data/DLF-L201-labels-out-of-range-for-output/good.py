# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(100, 4)
y = torch.randint(1, 4, (100,)) - 1   # classes 0, 1, 2
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
loss_fn = nn.CrossEntropyLoss()

# %%
train_ds = torch.utils.data.TensorDataset(X, y)
# fewer classes present in a batch than output units is fine
yb = torch.randint(0, 2, (100,))
loss = loss_fn(model(X), yb)

# %%
# a regression head with float targets
reg = nn.Sequential(nn.Linear(4, 1))
mse = nn.MSELoss()
target = torch.randn(100, 1) * 10
loss2 = mse(reg(X), target)
