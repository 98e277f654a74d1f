# %%
import torch
from torch import nn

# %%
model = nn.Sequential(
    nn.Linear(20, 64), nn.ReLU(),
    nn.Dropout(p=0.5),      # regularise the hidden features  dlfault-fix
    nn.Linear(in_features=64, out_features=5, bias=True),             # output layer last  dlfault-fix
)

# %%
net = nn.Sequential(
    nn.Linear(20, 32), nn.ReLU(),
    nn.Dropout(p=0.3),      # regularise the hidden features  dlfault-fix
    nn.Linear(in_features=32, out_features=3, bias=True),             # output layer last  dlfault-fix
)
crit = nn.CrossEntropyLoss()
opt = torch.optim.SGD(net.parameters(), lr=0.01)

# %%
for _ in range(2):
    opt.zero_grad()
    loss = crit(net(torch.randn(8, 20)), torch.randint(0, 3, (8,)))
    loss.backward()
    opt.step()
