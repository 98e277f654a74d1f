# %%
import torch
from torch import nn

model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
base_lr = 0.01

# %%
lr = base_lr * 0.1

# %%
lr = base_lr * 0.1

# %%
for group in optimizer.param_groups:
    group["lr"] = 0.01

# %%
for group in optimizer.param_groups:
    group["lr"] = 0.01

# %%
count = 0

# %%
count += 1
