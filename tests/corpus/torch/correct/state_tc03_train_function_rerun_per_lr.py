# corpus: correct set=state
# All training state lives inside a function: each call builds a fresh model, optimizer and
# scheduler and returns the validation score. The sweep cell stores results in a dict keyed
# by learning rate, so re-running it (done here) overwrites the same entries instead of
# accumulating. Follows the advice in github.com/shenyangHuang/TGB/issues/88 (re-initialise
# model and optimizer at the beginning of each run) and d2l-ai/d2l-en#780.
# %%
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
X = torch.linspace(-3, 3, 600).unsqueeze(1)
y = torch.sin(2 * X) + 0.1 * torch.randn_like(X)
perm = torch.randperm(600)
X_tr, y_tr, X_va, y_va = X[perm[:500]], y[perm[:500]], X[perm[500:]], y[perm[500:]]

def train_model(lr, epochs=150, seed=0):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 1))
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=50, gamma=0.5)
    loss_fn = nn.MSELoss()
    for _ in range(epochs):
        net.train()
        opt.zero_grad()
        loss_fn(net(X_tr), y_tr).backward()
        opt.step()
        sched.step()
    net.eval()
    with torch.no_grad():
        return loss_fn(net(X_va), y_va).item()

results = {}

# %% sweep
for lr in [1e-3, 1e-2, 3e-2]:
    results[lr] = train_model(lr)
results

# %% sweep
for lr in [1e-3, 1e-2, 3e-2]:
    results[lr] = train_model(lr)
results

# %%
best_lr = min(results, key=results.get)
print("best lr", best_lr, "val mse", results[best_lr], "runs stored", len(results))
