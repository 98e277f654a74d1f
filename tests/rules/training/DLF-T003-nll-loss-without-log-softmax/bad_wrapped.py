# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.DataParallel(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)))
loss_fn = nn.NLLLoss()

# %% expect: DLF-T003
loss = loss_fn(model(X), y)
