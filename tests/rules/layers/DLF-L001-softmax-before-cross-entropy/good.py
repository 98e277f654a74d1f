# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))
loss_fn = nn.CrossEntropyLoss()
# a softmax is fine for inference, outside the loss
probs = torch.softmax(model(torch.zeros(2, 20)), dim=1)
# LogSoftmax belongs with NLLLoss
clf = nn.Sequential(nn.Linear(20, 3), nn.LogSoftmax(dim=1))
nll = nn.NLLLoss()
