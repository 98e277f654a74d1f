# corpus: expect=training.hyperparameters set=state also=training.optimizer
# A hand-written linear warm-up uses a global step counter initialised in the setup cell and
# incremented inside the training cell. The user re-creates model and optimizer and re-runs the
# training cell: global_step continues from the first run (200), so the second run skips
# warm-up and cosine decay and gets lr = 0 for every step: the new model is never trained.
# Sources: github.com/huggingface/transformers/pull/24758 ("Fix lr scheduler not being reset on
# reruns"); github.com/shenyangHuang/TGB/issues/88 (state not reset between runs).
# %%
import math
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(800, 16)
y = (X[:, :4].sum(1) > 0).long()
X_tr, y_tr, X_va, y_va = X[:640], y[:640], X[640:], y[640:]
PEAK_LR, WARMUP, TOTAL = 0.05, 50, 200
global_step = 0

def lr_at(step):
    if step < WARMUP:
        return PEAK_LR * (step + 1) / WARMUP
    return PEAK_LR * 0.5 * (1 + math.cos(math.pi * min(step - WARMUP, TOTAL - WARMUP) / (TOTAL - WARMUP)))

# %% model + optimizer
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=PEAK_LR, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

# %% train
lrs = []
for it in range(TOTAL):
    for g in optimizer.param_groups:
        g["lr"] = lr_at(global_step)
    lrs.append(optimizer.param_groups[0]["lr"])
    model.train()
    optimizer.zero_grad()
    loss_fn(model(X_tr), y_tr).backward()
    optimizer.step()
    global_step += 1
model.eval()
with torch.no_grad():
    print("first lr", lrs[0], "last lr", lrs[-1], "val acc", (model(X_va).argmax(1) == y_va).float().mean().item())

# %% model + optimizer
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=PEAK_LR, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

# %% train
lrs = []
for it in range(TOTAL):
    for g in optimizer.param_groups:
        g["lr"] = lr_at(global_step)
    lrs.append(optimizer.param_groups[0]["lr"])
    model.train()
    optimizer.zero_grad()
    loss_fn(model(X_tr), y_tr).backward()
    optimizer.step()
    global_step += 1
model.eval()
with torch.no_grad():
    print("first lr", lrs[0], "last lr", lrs[-1], "val acc", (model(X_va).argmax(1) == y_va).float().mean().item())
