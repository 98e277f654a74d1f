# %%
import torch
from torch import nn

torch.manual_seed(0)
cell = nn.RNNCell(3, 4)
head = nn.Linear(4, 1)
opt = torch.optim.SGD([*cell.parameters(), *head.parameters()], lr=0.01)
xs = torch.rand(5, 2, 3)
h = torch.zeros(2, 4)

# %%
for x in xs:
    opt.zero_grad()
    h = h.detach()   # at the start of each iteration, before using it  dlfault-fix
    h = cell(x, h)
    loss = head(h).pow(2).mean()
    loss.backward()
    opt.step()
