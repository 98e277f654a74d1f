# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 8)
y = torch.randint(0, 2, (200,))
order = torch.argsort(y)
X_sorted, y_sorted = X[order], y[order]
# the first 100 rows of data sorted by class: all class 0
X_train, y_train = X_sorted[:100], y_sorted[:100]
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))

# %%
train_ds = torch.utils.data.TensorDataset(X_train, y_train)  # expect: DLF-T204

# %%
y_big = (X.sum(dim=1) > 100).long()      # a threshold no sample reaches
clf = nn.Sequential(nn.Linear(8, 2))
ce = nn.CrossEntropyLoss()
c_opt = torch.optim.SGD(clf.parameters(), lr=0.01)
for epoch in range(2):
    c_opt.zero_grad()
    loss = ce(clf(X), y_big)  # expect: DLF-T204
    loss.backward()
    c_opt.step()
