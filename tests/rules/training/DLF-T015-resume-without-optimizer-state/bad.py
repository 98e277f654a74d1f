# %%
import os
import tempfile

import torch
from torch import nn

torch.manual_seed(0)
features = torch.randn(256, 8)
targets = features @ torch.randn(8, 1)
path = os.path.join(tempfile.mkdtemp(), "checkpoint.pt")


def build():
    net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-2)
    return net, opt, torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)


def train(net, opt, sched, steps):
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(features), targets)
        loss.backward()
        opt.step()
        sched.step()
    return loss.item()


# %%
model, optimizer, scheduler = build()
train(model, optimizer, scheduler, 30)
torch.save({"model": model.state_dict(), "epoch": 30}, path)

# %%
checkpoint = torch.load(path)
model, optimizer, scheduler = build()
model.load_state_dict(checkpoint["model"])  # expect: DLF-T015
train(model, optimizer, scheduler, 10)
