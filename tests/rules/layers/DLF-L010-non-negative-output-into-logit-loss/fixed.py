# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(3)
feats = torch.randn(240, 10)
kinds = feats[:, :4].argmax(dim=1)                  # 4 classes
batches = DataLoader(TensorDataset(feats, kinds), batch_size=40, shuffle=True)

# %%
net = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 4), nn.ReLU())
net = nn.Sequential(*list(net)[:-1])   # the same layers without the final ReLU  # dlfault-fix
ce = nn.CrossEntropyLoss(label_smoothing=0.05)
sgd = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for xb, yb in batches:
    sgd.zero_grad()
    ce(net(xb), yb).backward()
    sgd.step()
