# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(1000, 8)
y = torch.cat([torch.zeros(600), torch.ones(400)]).long()   # 3 : 2 is fine
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
loss_fn = nn.CrossEntropyLoss()

# %%
train_ds = torch.utils.data.TensorDataset(X, y)
# a regression target with integer values is not a class label
reg = nn.Sequential(nn.Linear(8, 1))
mse = nn.MSELoss()
counts = torch.cat([torch.zeros(900), torch.full((100,), 7.0)]).unsqueeze(1)
loss = mse(reg(X), counts)
