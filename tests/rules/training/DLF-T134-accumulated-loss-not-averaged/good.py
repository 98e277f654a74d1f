# %%
import torch
from torch import nn

torch.manual_seed(6)
data = torch.randn(96, 3)
tgt = (data.sum(1) > 0).long()
head = nn.Linear(3, 2)
opt = torch.optim.AdamW(head.parameters(), lr=1e-3)
scaler = torch.amp.GradScaler("cpu", enabled=False)
STEPS = 3

# %%
opt.zero_grad()
for j in range(12):
    part = nn.functional.cross_entropy(head(data[j * 8:(j + 1) * 8]), tgt[j * 8:(j + 1) * 8])
    scaler.scale(part / STEPS).backward()
    if (j + 1) % STEPS == 0:
        scaler.step(opt)
        scaler.update()
        opt.zero_grad()
