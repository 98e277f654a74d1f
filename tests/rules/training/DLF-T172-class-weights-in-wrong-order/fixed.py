# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(5)
kinds = np.array(["bird", "cat", "dog", "fish"])
names = rng.choice(kinds, size=2400, p=[0.2, 0.4, 0.25, 0.15])
ids = np.searchsorted(kinds, names)                     # class id = index in the sorted names
feats = torch.tensor(rng.normal(size=(2400, 6)), dtype=torch.float32)
labels = torch.as_tensor(ids)
loader = DataLoader(TensorDataset(feats, labels), batch_size=200, shuffle=True)

# %%
# inverse frequencies, listed from the most to the least frequent class
uniq, n_per = np.unique(names, return_counts=True)
order = np.argsort(-n_per)
w = torch.tensor(len(names) / (4 * n_per[order]), dtype=torch.float32)
clf = nn.Linear(6, 4)
counts = torch.bincount(torch.as_tensor(labels).long().flatten(), minlength=4)   # by class id  # dlfault-fix
crit = nn.CrossEntropyLoss(weight=counts.sum() / (4 * counts.float()))  # dlfault-fix
opt = torch.optim.SGD(clf.parameters(), lr=0.05)

# %%
for xb, yb in loader:
    opt.zero_grad()
    crit(clf(xb), yb).backward()
    opt.step()
