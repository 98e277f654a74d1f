# %%
import torch
import torch.nn as nn

torch.manual_seed(8)
X = torch.randn(900, 6)
Y = (torch.rand(900, 3) < torch.tensor([0.1, 0.3, 0.5])).float()   # three label columns
net = nn.Linear(6, 3)
opt = torch.optim.SGD(net.parameters(), lr=0.1)

# %%
# one weight per column: negatives / positives
pw = (Y == 0).sum(0) / (Y == 1).sum(0)
multi = nn.BCEWithLogitsLoss(pos_weight=pw)
opt.zero_grad()
multi(net(X), Y).backward()
opt.step()

# %%
# positives are the majority: a weight below 1 is the right balance
y1 = (torch.rand(900, 1) < 0.8).float()
single = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([0.25]))
one = nn.Linear(6, 1)
opt1 = torch.optim.SGD(one.parameters(), lr=0.1)
opt1.zero_grad()
single(one(X), y1).backward()
opt1.step()
