# %%
import torch
from torch import nn

torch.manual_seed(16)
a = torch.randn(30, 5)
b = torch.randn(30, 1)
m = nn.Linear(5, 1)
o = torch.optim.SGD(m.parameters(), lr=0.1)
gs = torch.amp.GradScaler("cpu")

# %%
for i in range(0, 30, 10):
    o.zero_grad()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out = m(a[i:i + 10])
    loss = nn.functional.mse_loss(out.float(), b[i:i + 10])
    gs.scale(loss).backward()
    gs.step(o)
    gs.update()
