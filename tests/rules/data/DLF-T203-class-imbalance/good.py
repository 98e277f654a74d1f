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

# %%
# 24 : 1, handled with class weights in the loss
y_rare = torch.cat([torch.zeros(960), torch.ones(40)]).long()
counts_rare = torch.bincount(y_rare)
weighted = nn.CrossEntropyLoss(weight=counts_rare.sum() / (2 * counts_rare.float()))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(2):
    opt.zero_grad()
    loss = weighted(model(X), y_rare)
    loss.backward()
    opt.step()
