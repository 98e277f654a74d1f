# %%
import torch
from torch import nn

model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
lr = 0.01

# %%
lr = lr * 0.1

# %%
for group in optimizer.param_groups:
    group["lr"] *= 0.1

# %% expect: DLF-N008
lr = lr * 0.1

# %% expect: DLF-N008
for group in optimizer.param_groups:
    group["lr"] *= 0.1
