# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(25)

# %%
X = torch.randn(640, 20)
y = (X[:, :3].sum(1) > 0).long() + (X[:, 3] > 1).long()
loader = DataLoader(TensorDataset(X, y), batch_size=8, shuffle=True)   # small micro-batches

model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
ACCUM = 4   # optimizer step every 4 micro-batches: effective batch 32

# %%
%%dlcheck
model.train()
for epoch in range(3):
    optimizer.zero_grad()
    for i, (xb, yb) in enumerate(loader):
        loss = F.cross_entropy(model(xb), yb) / ACCUM
        loss.backward()
        if (i + 1) % ACCUM == 0 or (i + 1) == len(loader):
            optimizer.step()
            optimizer.zero_grad()
    print(epoch, loss.item() * ACCUM)

# %%
model.eval()
with torch.no_grad():
    print("train acc", (model(X).argmax(1) == y).float().mean().item())
