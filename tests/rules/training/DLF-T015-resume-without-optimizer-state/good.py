# %%
import os
import tempfile

import torch
from torch import nn

torch.manual_seed(0)
features = torch.randn(256, 8)
targets = features @ torch.randn(8, 1)
folder = tempfile.mkdtemp()


def build(momentum=0.0):
    net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
    return net, torch.optim.SGD(net.parameters(), lr=1e-2, momentum=momentum)


def train(net, opt, steps):
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(features), targets)
        loss.backward()
        opt.step()
    return loss.item()


# %%
# pretrained weights (a bare state_dict, no position in a run): fine-tuning starts a new
# training with a new optimizer
backbone, opt = build(momentum=0.9)
train(backbone, opt, 20)
torch.save(backbone.state_dict(), os.path.join(folder, "weights.pt"))
finetuned, finetune_opt = build(momentum=0.9)
finetuned.load_state_dict(torch.load(os.path.join(folder, "weights.pt")))
train(finetuned, finetune_opt, 5)

# %%
# a full checkpoint, resumed with the optimizer's state restored
torch.save({"model": backbone.state_dict(), "optimizer": opt.state_dict(), "epoch": 20},
           os.path.join(folder, "run.pt"))
state = torch.load(os.path.join(folder, "run.pt"))
resumed, resumed_opt = build(momentum=0.9)
resumed.load_state_dict(state["model"])
resumed_opt.load_state_dict(state["optimizer"])
train(resumed, resumed_opt, 5)

# %%
# plain SGD keeps nothing between steps: a fresh one loses nothing
plain, plain_opt = build(momentum=0.0)
plain.load_state_dict(state["model"])
train(plain, plain_opt, 5)

# %%
# the checkpoint loaded for evaluation: no optimizer over this model
evaluated = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
evaluated.load_state_dict(state["model"])
evaluated.eval()
with torch.no_grad():
    mse = nn.functional.mse_loss(evaluated(features), targets).item()
