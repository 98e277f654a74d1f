# %%
import torch
from torch import nn

# %% expect: DLF-L001
net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3), nn.Softmax(dim=1))
model = nn.DataParallel(net)      # one GPU or none: it simply calls net
loss_fn = nn.CrossEntropyLoss()
x, y = torch.randn(8, 20), torch.randint(0, 3, (8,))
loss = loss_fn(model(x), y)
