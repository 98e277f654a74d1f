# %%
import os
import tempfile

import torch
from torch import nn

net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
path = os.path.join(tempfile.mkdtemp(), "w.pt")

# %%
model = nn.DataParallel(net)  # expect: DLF-G003
torch.save(model.state_dict(), path)  # expect: DLF-G003
