# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.BCEWithLogitsLoss()
x, y = torch.randn(4, 8), torch.ones(4, 1)
loss = loss_fn(model(x), y)
probs = torch.sigmoid(model(x))
# a sigmoid model with the plain BCELoss is right too
clf = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())
bce = nn.BCELoss()
loss2 = bce(clf(x), y)
