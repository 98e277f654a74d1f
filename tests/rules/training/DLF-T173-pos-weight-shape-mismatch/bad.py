# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(4)
inputs = torch.randn(800, 5)
fraud = (torch.rand(800, 1) < 0.1).float()          # one yes/no column
batches = DataLoader(TensorDataset(inputs, fraud), batch_size=100)
# "one weight per class", as for CrossEntropyLoss
bce = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 9.0]))
head = nn.Linear(5, 1)
opt = torch.optim.SGD(head.parameters(), lr=0.1)

# %% expect: DLF-T173
for xb, yb in batches:
    opt.zero_grad()
    bce(head(xb), yb).backward()
    opt.step()
