# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
y = torch.cat([torch.zeros(700), torch.ones(250), torch.full((50,), 2.0)]).long()
X = torch.randn(1000, 3) + y[:, None]
freq = torch.bincount(y).float() / len(y)      # meant as weights: the frequencies themselves
model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 3))
loss_f = nn.CrossEntropyLoss(weight=freq)
opt = torch.optim.Adam(model.parameters())

# %% expect: DLF-T172
opt.zero_grad()
loss_f(model(X), y).backward()
opt.step()
