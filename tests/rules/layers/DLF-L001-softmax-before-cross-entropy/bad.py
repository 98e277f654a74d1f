# %%
import torch
from torch import nn

# %% expect: DLF-L001
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()
