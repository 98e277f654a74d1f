# corpus: correct set=modern area=8
# (blind 2026-12-07) Early stopping with copy.deepcopy of the best state_dict, and a full checkpoint (model, optimizer, scheduler, epoch) that is restored before resuming. https://pytorch.org/tutorials/beginner/saving_loading_models.html
# %%
import copy
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(1000, 10)
y = X @ torch.randn(10, 1)
Xv = torch.randn(200, 10)
yv = Xv @ torch.randn(10, 1) * 0 + Xv @ torch.linalg.lstsq(X, y).solution

def make():
    m = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 1))
    o = torch.optim.Adam(m.parameters(), lr=0.05)
    s = torch.optim.lr_scheduler.StepLR(o, step_size=20, gamma=0.1)
    return m, o, s

# %%
model, opt, sched = make()
best, best_state = float("inf"), None
for epoch in range(40):
    model.train(); opt.zero_grad()
    nn.functional.mse_loss(model(X), y).backward()
    opt.step(); sched.step()
    model.eval()
    with torch.no_grad():
        v = nn.functional.mse_loss(model(Xv), yv).item()
    if v < best:
        best, best_state = v, copy.deepcopy(model.state_dict())
torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(), "epoch": 40}, "/tmp/m8_full.pt")

# %%
ckpt = torch.load("/tmp/m8_full.pt")
m2, o2, s2 = make()
m2.load_state_dict(ckpt["model"]); o2.load_state_dict(ckpt["optimizer"]); s2.load_state_dict(ckpt["scheduler"])
print("resumed at epoch", ckpt["epoch"], "lr", s2.get_last_lr())
model.load_state_dict(best_state)
with torch.no_grad():
    print("best val", round(best, 4), "restored", round(nn.functional.mse_loss(model(Xv), yv).item(), 4))
