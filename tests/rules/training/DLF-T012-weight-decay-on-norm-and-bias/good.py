# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16, bias=False), nn.BatchNorm1d(16), nn.ReLU(),
                      nn.Linear(16, 2))

# %%
decay = [p for p in model.parameters() if p.ndim >= 2]
no_decay = [p for p in model.parameters() if p.ndim < 2]
optimizer = torch.optim.SGD([
    {"params": decay, "weight_decay": 5e-4},
    {"params": no_decay, "weight_decay": 0.0},
], lr=0.1, momentum=0.9)
# AdamW with its own default decay is left alone
adamw = torch.optim.AdamW(model.parameters(), lr=1e-3)
