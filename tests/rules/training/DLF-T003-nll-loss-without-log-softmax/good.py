# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
loss_fn = nn.NLLLoss()

# %%
loss = loss_fn(torch.log_softmax(model(X), dim=1), y)
clf = nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(dim=1))
loss2 = loss_fn(clf(X), y)
