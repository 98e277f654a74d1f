# %%
import torch
from torch import nn
from torch.optim import Adam

torch.manual_seed(1)
head = nn.Linear(10, 2)

# %%
trainable = list(p for p in head.parameters() if p.requires_grad)  # dlfault-fix
first = next(iter(trainable))
print("first weight", tuple(first.shape))
adam = Adam(params=trainable, lr=1e-3)
