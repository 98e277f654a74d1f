# %%
import torch
from torch import nn

torch.manual_seed(3)
inputs = torch.randn(120, 8)
labels = (inputs[:, 0] > 0).long()
clf = nn.Sequential(nn.Linear(8, 12), nn.ReLU(), nn.Linear(12, 2))
opt = torch.optim.Adam(clf.parameters(), lr=1e-3)
ACCUM = 4

# %%
opt.zero_grad(set_to_none=True)
for n, start in enumerate(range(0, 120, 10)):
    out = clf(inputs[start:start + 10])
    loss = nn.functional.cross_entropy(out, labels[start:start + 10]) / ACCUM
    loss.backward()
    if n % ACCUM == ACCUM - 1:
        opt.step()
        opt.zero_grad(set_to_none=True)  # dlfault-fix
