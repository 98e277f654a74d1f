# %%
import numpy as np
import torch
from torch import nn

X = torch.rand(32, 4)
labels = torch.tensor(np.arange(32) % 3, dtype=torch.long)
model = nn.Linear(4, 3)
loss_fn = nn.CrossEntropyLoss()

# %%
loss = loss_fn(model(X), labels)

# %%
head = nn.Linear(4, 1)
bce = nn.BCEWithLogitsLoss()
is_pos = (torch.arange(32) % 2).unsqueeze(1).float()
loss2 = bce(head(X), is_pos)
