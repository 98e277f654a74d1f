# %%
import torch
from torch import nn

tokens = torch.tensor([[1, 5, 9], [3, 12, 0]])
encoder = nn.Sequential(
    nn.Embedding(13, 4),   # vocabulary size = max id + 1  dlfault-fix
    nn.Flatten(), nn.Linear(12, 2))

# %%
enc = encoder(tokens)
