# %%
import numpy as np
import torch
from torch import nn

X = torch.rand(32, 4)
labels = torch.tensor(np.arange(32) % 3, dtype=torch.float32)  # class numbers, as float
model = nn.Linear(4, 3)
loss_fn = nn.CrossEntropyLoss()

# %%
loss = loss_fn(model(X), labels.long())  # dlfault-fix
# or once: labels = labels.long()

# %%
head = nn.Linear(4, 1)
bce = nn.BCEWithLogitsLoss()
is_pos = (torch.arange(32) % 2).unsqueeze(1)  # int64 0/1
loss = bce(head(X), is_pos.float())  # dlfault-fix
# or once: is_pos = is_pos.float()
