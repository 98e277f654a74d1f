# %%
import io

import torch
from torch import nn

torch.manual_seed(24)
backbone = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 2))
fast = torch.compile(backbone, backend="eager")
buffer = io.BytesIO()
torch.save(fast.state_dict(), buffer)

# %%
buffer.seek(0)
ckpt = torch.load(buffer)
restored = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 2))
restored.load_state_dict(ckpt, strict=False)  # expect: DLF-A132
