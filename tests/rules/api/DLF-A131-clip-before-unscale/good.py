# %%
import torch
from torch import nn

torch.manual_seed(8)
xs = torch.randn(64, 6)
ys = (xs[:, 0] > 0).float().unsqueeze(1)
model = nn.Linear(6, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
off = torch.amp.GradScaler("cpu", enabled=False)   # a disabled scaler leaves grads unscaled
on = torch.amp.GradScaler("cpu")

# %%
for k in range(0, 64, 16):
    opt.zero_grad()
    loss = nn.functional.binary_cross_entropy_with_logits(model(xs[k:k + 16]), ys[k:k + 16])
    off.scale(loss).backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    off.step(opt)
    off.update()

# %%
for k in range(0, 64, 16):
    opt.zero_grad()
    loss = nn.functional.binary_cross_entropy_with_logits(model(xs[k:k + 16]), ys[k:k + 16])
    on.scale(loss).backward()
    on.unscale_(opt)
    torch.nn.utils.clip_grad_value_(model.parameters(), 0.1)
    on.step(opt)
    on.update()
