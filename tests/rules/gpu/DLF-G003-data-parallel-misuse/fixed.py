# %%
import os
import tempfile

import torch
from torch import nn

net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
path = os.path.join(tempfile.mkdtemp(), "w.pt")
# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = net.to(device)   # no DataParallel wrapper with fewer than 2 GPUs  dlfault-fix
torch.save(model.state_dict(), path)
