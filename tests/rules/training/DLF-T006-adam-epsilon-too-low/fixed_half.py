# %%
import torch
from torch import nn

torch.manual_seed(20)
enc = nn.Sequential(nn.Linear(8, 20), nn.Tanh(), nn.Linear(20, 4))
enc = enc.to(dtype=torch.float16)

# %%
nadam = torch.optim.NAdam(enc.parameters(), lr=0.002, eps=1e-4)  # dlfault-fix
