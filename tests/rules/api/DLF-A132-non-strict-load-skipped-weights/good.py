# %%
import torch
from torch import nn

torch.manual_seed(25)
pretrained = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                           nn.Linear(16, 10))
weights = pretrained.state_dict()
del weights["4.weight"], weights["4.bias"]

# %%
# a backbone into a model with a new head: only the head's keys are missing, on purpose
finetune = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                         nn.Linear(16, 3))
report = finetune.load_state_dict(weights, strict=False)
quick = torch.compile(nn.Linear(4, 2), backend="eager")
inner = nn.Linear(4, 2)
inner.load_state_dict(quick._orig_mod.state_dict(), strict=False)
