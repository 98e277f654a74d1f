# %%
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(2)
inputs = torch.randn(300, 5)
targets = (inputs.sum(1) > 0).float()
fit_x, fit_t, dev_x, dev_t = inputs[:240], targets[:240], inputs[240:], targets[240:]

# %%
clf = nn.Sequential(nn.Linear(5, 12), nn.ReLU(), nn.Linear(12, 1))
sgd = torch.optim.SGD(clf.parameters(), lr=0.05)
reducer = torch.optim.lr_scheduler.ReduceLROnPlateau(sgd, mode="max", factor=0.2, patience=1)  # dlfault-fix

# %%
for epoch in range(4):
    clf.train()
    sgd.zero_grad()
    F.binary_cross_entropy_with_logits(clf(fit_x).squeeze(1), fit_t).backward()
    sgd.step()
    clf.eval()
    with torch.no_grad():
        devAccuracy = ((clf(dev_x).squeeze(1) > 0).float() == dev_t).float().mean()
    reducer.step(devAccuracy)
