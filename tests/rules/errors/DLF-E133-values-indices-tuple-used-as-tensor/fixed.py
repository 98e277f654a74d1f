# %%
import torch
from torch import nn

torch.manual_seed(17)
samples = torch.randn(60, 4)
truth = samples[:, :3].argmax(1)
scorer = nn.Linear(4, 3)

# %%
with torch.no_grad():
    scores = scorer(samples)
    best = scores.max(dim=1).indices  # dlfault-fix
    hit_rate = (best == truth).float().mean()
