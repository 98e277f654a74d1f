# %%
import torch
from torch import nn

# %% expect: DLF-T010
# planned on the meta device (no memory used yet): 40 billion parameters
model = nn.Sequential(nn.Linear(200_000, 200_000, device="meta"), nn.ReLU(),
                      nn.Linear(200_000, 10, device="meta"))
