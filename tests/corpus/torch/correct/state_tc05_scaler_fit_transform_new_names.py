# corpus: correct set=state
# A StandardScaler is fitted on the raw training split and its output stored in new names
# (X_train_sc, X_test_sc); re-running that cell refits on the same raw data and gives the
# same arrays. The model, optimizer and LR scheduler are created together in one cell which
# is re-run (with the training cell) to start a clean second run.
# Cf. github.com/huggingface/transformers/pull/24758 (scheduler must be re-created with each
# rerun) and github.com/coderefinery/jupyter/issues/6 (don't reuse variable names across cells).
# %%
import numpy as np
import torch
from torch import nn
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(2)
n = 1000
X = np.column_stack([rng.normal(300, 40, n), rng.normal(50, 5, n), rng.normal(1000, 200, n)])
y = ((X[:, 0] - 300) / 40 + (X[:, 2] - 1000) / 200 > 0).astype(np.int64)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.125, random_state=0, stratify=y_train)

# %% scale
scaler = StandardScaler()
X_train_sc = scaler.fit_transform(X_train)
X_val_sc = scaler.transform(X_val)
X_test_sc = scaler.transform(X_test)

# %% scale
scaler = StandardScaler()
X_train_sc = scaler.fit_transform(X_train)
X_val_sc = scaler.transform(X_val)
X_test_sc = scaler.transform(X_test)

# %% model, optimizer, scheduler
torch.manual_seed(0)
clf = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.SGD(clf.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=80)
loss_fn = nn.CrossEntropyLoss()

# %% train
Xtr = torch.tensor(X_train_sc, dtype=torch.float32); ytr = torch.tensor(y_train)
Xva = torch.tensor(X_val_sc, dtype=torch.float32); yva = torch.tensor(y_val)
for epoch in range(80):
    clf.train()
    opt.zero_grad()
    loss = loss_fn(clf(Xtr), ytr)
    loss.backward()
    opt.step()
    sched.step()
clf.eval()
with torch.no_grad():
    print("val acc", (clf(Xva).argmax(1) == yva).float().mean().item())

# %% model, optimizer, scheduler
torch.manual_seed(0)
clf = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.SGD(clf.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=80)
loss_fn = nn.CrossEntropyLoss()

# %% train
Xtr = torch.tensor(X_train_sc, dtype=torch.float32); ytr = torch.tensor(y_train)
Xva = torch.tensor(X_val_sc, dtype=torch.float32); yva = torch.tensor(y_val)
for epoch in range(80):
    clf.train()
    opt.zero_grad()
    loss = loss_fn(clf(Xtr), ytr)
    loss.backward()
    opt.step()
    sched.step()
clf.eval()
with torch.no_grad():
    print("val acc", (clf(Xva).argmax(1) == yva).float().mean().item())

# %% test
clf.eval()
with torch.no_grad():
    print("test acc", (clf(torch.tensor(X_test_sc, dtype=torch.float32)).argmax(1) == torch.tensor(y_test)).float().mean().item())
