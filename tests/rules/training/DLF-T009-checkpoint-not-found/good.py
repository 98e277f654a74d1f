# %%
import os
import tempfile

import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 3))
path = os.path.join(tempfile.mkdtemp(), "best_model.pt")
torch.save(model.state_dict(), path)

# %%
state = torch.load(path)
model.load_state_dict(state)
