# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

rng = np.random.default_rng(9)
y_np = rng.choice(3, size=1500, p=[0.2, 0.7, 0.1])
X = torch.tensor(rng.normal(size=(1500, 4)), dtype=torch.float32)
y = torch.tensor(y_np)
net = nn.Linear(4, 3)
opt = torch.optim.SGD(net.parameters(), lr=0.1)

# %%
# value_counts re-indexed by class id: right order
vc = pd.Series(y_np).value_counts().sort_index()
ce = nn.CrossEntropyLoss(weight=torch.tensor((len(y_np) / (3 * vc)).values, dtype=torch.float32))
opt.zero_grad()
ce(net(X), y).backward()
opt.step()

# %%
# square-root inverse frequencies (a milder balancing): still decreasing with the count
cnt = torch.bincount(y).float()
ce_sqrt = nn.CrossEntropyLoss(weight=(cnt.sum() / cnt).sqrt())
opt.zero_grad()
ce_sqrt(net(X), y).backward()
opt.step()

# %%
# hand-set costs, unrelated to the counts
ce_cost = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 1.0, 3.0]))
opt.zero_grad()
ce_cost(net(X), y).backward()
opt.step()
