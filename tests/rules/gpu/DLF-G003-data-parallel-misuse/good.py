# %%
import os
import tempfile

import torch
from torch import nn

net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
path = os.path.join(tempfile.mkdtemp(), "w.pt")

# %%
model = nn.DataParallel(net) if torch.cuda.device_count() > 1 else net
sd = model.module.state_dict() if isinstance(model, nn.DataParallel) else model.state_dict()
torch.save(sd, path)
