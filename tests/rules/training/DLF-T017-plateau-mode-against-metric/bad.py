# %%
import torch
from torch import nn
from torch.optim import lr_scheduler

torch.manual_seed(1)
feats = torch.randn(256, 8)
labels = (feats[:, 0] > 0).long()
tr_x, tr_y, ho_x, ho_y = feats[:192], labels[:192], feats[192:], labels[192:]

# %%
net = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 2))
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
plateau = lr_scheduler.ReduceLROnPlateau(opt, "max", factor=0.5, patience=0)
loss_fn = nn.CrossEntropyLoss()

# %%
for ep in range(4):
    net.train()
    opt.zero_grad()
    loss_fn(net(tr_x), tr_y).backward()
    opt.step()
    net.eval()
    with torch.no_grad():
        held = loss_fn(net(ho_x), ho_y).item()
    plateau.step(held)  # expect: DLF-T017
