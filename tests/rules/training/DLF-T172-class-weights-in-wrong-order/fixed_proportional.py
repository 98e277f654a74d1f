# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
y = torch.cat([torch.zeros(700), torch.ones(250), torch.full((50,), 2.0)]).long()
X = torch.randn(1000, 3) + y[:, None]
freq = torch.bincount(y).float() / len(y)      # meant as weights: the frequencies themselves
model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 3))
counts = torch.bincount(torch.as_tensor(y).long().flatten(), minlength=3)   # by class id  # dlfault-fix
loss_f = nn.CrossEntropyLoss(weight=counts.sum() / (3 * counts.float()))  # dlfault-fix
opt = torch.optim.Adam(model.parameters())

# %%
opt.zero_grad()
loss_f(model(X), y).backward()
opt.step()
