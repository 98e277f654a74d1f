# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(3)
feats = torch.randn(1024, 20)
cls = feats[:, :3].argmax(dim=1)
loader = DataLoader(TensorDataset(feats, cls), batch_size=64, shuffle=True)
clf = nn.Sequential(nn.Linear(20, 32), nn.Tanh(), nn.Linear(32, 3))
crit = nn.CrossEntropyLoss(reduction="mean")  # dlfault-fix
sgd = torch.optim.SGD(clf.parameters(), lr=0.05, momentum=0.9)

# %%
for ep in range(2):
    for xb, yb in loader:
        sgd.zero_grad()
        batch_loss = crit(clf(xb), yb)
        batch_loss.backward()
        sgd.step()
