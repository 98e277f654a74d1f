# %%
import torch
import torch.nn as nn

torch.manual_seed(6)
X = torch.randn(1200, 4)
y = (X[:, :1] > 1.2).float()                         # about 12% positives
n_pos, n_neg = y.sum(), (1 - y).sum()
crit = nn.BCEWithLogitsLoss(pos_weight=n_pos / n_neg)   # ratio upside down
lin = nn.Linear(4, 1)
opt = torch.optim.Adam(lin.parameters(), lr=0.01)

# %% expect: DLF-T173
for _ in range(5):
    opt.zero_grad()
    crit(lin(X), y).backward()
    opt.step()
