# %%
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 8)
y = torch.randint(0, 2, (200,))
order = torch.argsort(y)
X_sorted, y_sorted = X[order], y[order]
perm = np.random.default_rng(0).permutation(len(y)); X, y = X[perm], y[perm]  # noqa: E702  dlfault-fix
X_train, y_train = X[:100], y[:100]
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))

# %%
train_ds = torch.utils.data.TensorDataset(X_train, y_train)

# %%
y_big = (X.sum(dim=1) > 0).long()      # a threshold the samples reach on both sides
print(np.unique(y_big.numpy(), return_counts=True))   # expect several classes  dlfault-fix
clf = nn.Sequential(nn.Linear(8, 2))
ce = nn.CrossEntropyLoss()
c_opt = torch.optim.SGD(clf.parameters(), lr=0.01)
for epoch in range(2):
    c_opt.zero_grad()
    loss = ce(clf(X), y_big)
    loss.backward()
    c_opt.step()
