# %%
import torch
from torch import nn
from torch.optim import lr_scheduler

torch.manual_seed(3)
feats = torch.randn(256, 8)
labels = (feats[:, 0] > 0).long()
tr_x, tr_y, ho_x, ho_y = feats[:192], labels[:192], feats[192:], labels[192:]

# %%
net = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 2))
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
on_loss = lr_scheduler.ReduceLROnPlateau(opt, "min", factor=0.5, patience=0)
on_acc = lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=0)
on_neg = lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=0)
on_other = lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=0)
loss_fn = nn.CrossEntropyLoss()

# %%
for ep in range(3):
    net.train()
    opt.zero_grad()
    loss_fn(net(tr_x), tr_y).backward()
    opt.step()
    net.eval()
    with torch.no_grad():
        logits = net(ho_x)
        held = loss_fn(logits, ho_y).item()
        val_acc = (logits.argmax(1) == ho_y).float().mean().item()
        neg_held = -loss_fn(logits, ho_y).item()
        margin = logits.max(1).values.mean().item()
    on_loss.step(held)
    on_acc.step(val_acc)
    on_neg.step(neg_held)
    on_other.step(margin)
