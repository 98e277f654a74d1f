# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
feats = torch.randn(240, 10)
kind = (feats[:, 0] > 0).long() + (feats[:, 3] > 0.5).long()
onehot = nn.functional.one_hot(kind, 3).float()
loader = DataLoader(TensorDataset(feats, onehot), batch_size=48, shuffle=True)
clf = nn.Sequential(nn.Linear(10, 8), nn.Tanh(), nn.Linear(8, 3))
xent = nn.CrossEntropyLoss()
sgd = torch.optim.SGD(clf.parameters(), lr=0.1)

# %%
for epoch in range(2):
    for xb, yb in loader:
        scores = clf(xb)
        loss = xent(yb, scores)  # expect: DLF-T016
        sgd.zero_grad()
        loss.backward()
        sgd.step()
