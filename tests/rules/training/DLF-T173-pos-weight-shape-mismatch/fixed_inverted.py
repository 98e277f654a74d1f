# %%
import torch
import torch.nn as nn

torch.manual_seed(6)
X = torch.randn(1200, 4)
y = (X[:, :1] > 1.2).float()                         # about 12% positives
n_pos, n_neg = y.sum(), (1 - y).sum()
crit = nn.BCEWithLogitsLoss(pos_weight=((y == 0).sum(0) / (y == 1).sum(0).clamp(min=1)).float())  # dlfault-fix
lin = nn.Linear(4, 1)
opt = torch.optim.Adam(lin.parameters(), lr=0.01)

# %%
for _ in range(5):
    opt.zero_grad()
    crit(lin(X), y).backward()
    opt.step()
