# %%
import os
import tempfile

import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 3))
path = os.path.join(tempfile.mkdtemp(), "model.pt")

# %%
torch.save(model.state_dict(), path)  # dlfault-fix
