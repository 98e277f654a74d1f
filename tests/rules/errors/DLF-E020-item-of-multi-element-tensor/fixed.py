# %%
import torch
from torch import nn

out = torch.rand(6, 2)
target = torch.rand(6, 2)
per_sample = nn.MSELoss(reduction="none")(out, target)

# %%
per_sample.mean().item()   # one number  dlfault-fix
per_sample.tolist()          # all values  dlfault-fix
