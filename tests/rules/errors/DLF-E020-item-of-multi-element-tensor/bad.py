# %%
import torch
from torch import nn

out = torch.rand(6, 2)
target = torch.rand(6, 2)
per_sample = nn.MSELoss(reduction="none")(out, target)

# %%
total = per_sample.item()  # expect: DLF-E020
