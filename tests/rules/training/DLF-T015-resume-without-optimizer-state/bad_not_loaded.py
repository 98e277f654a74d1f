# %%
import os
import tempfile

import torch
from torch import nn

torch.manual_seed(0)
xs = torch.randn(128, 6)
ys = (xs.sum(1) > 0).long()
ckpt_path = os.path.join(tempfile.mkdtemp(), "run.pt")
clf = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 2))
sgd = torch.optim.SGD(clf.parameters(), lr=0.05, momentum=0.9)
for step in range(25):
    sgd.zero_grad()
    nn.functional.cross_entropy(clf(xs), ys).backward()
    sgd.step()
torch.save({"weights": clf.state_dict(), "opt": sgd.state_dict(), "step": step + 1}, ckpt_path)

# %%
ckpt = torch.load(ckpt_path)
clf = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 2))
sgd = torch.optim.SGD(clf.parameters(), lr=0.05, momentum=0.9)
clf.load_state_dict(ckpt["weights"])  # expect: DLF-T015
for step in range(ckpt["step"], ckpt["step"] + 10):
    sgd.zero_grad()
    nn.functional.cross_entropy(clf(xs), ys).backward()
    sgd.step()
