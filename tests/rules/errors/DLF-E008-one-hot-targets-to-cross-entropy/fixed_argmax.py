# %%
import torch
from torch import nn
from torch.nn import functional as F

X = torch.rand(12, 6)
y_onehot = F.one_hot(torch.arange(12) % 4, num_classes=4)
model = nn.Linear(6, 4)
loss_fn = nn.CrossEntropyLoss()
nll = nn.NLLLoss()

# %%
loss = loss_fn(model(X), y_onehot.argmax(dim=1))  # dlfault-fix

# %%
loss = nll(torch.log_softmax(model(X), dim=1), y_onehot.argmax(dim=1))  # dlfault-fix
