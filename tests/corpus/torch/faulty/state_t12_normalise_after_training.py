# corpus: expect=training.preprocessing set=state also=tensors.input
# Execution order: the "normalise inputs" cell sits above the training cell in the notebook,
# but the kernel ran the training cell first (on raw features in the hundreds), then the
# normalisation cell, then the evaluation cell. The model was trained on unnormalised data
# and is evaluated on normalised data.
# Sources: 0539edu.com/news/596753 "Jupyter Notebook单元格执行顺序陷阱提醒" (In [3] is not the
# third step); github.com/jupyter/notebook/issues/3229 ("Enforce a top-down order of execution");
# Pimentel et al. MSR 2019 (out-of-order execution counts).
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(2)
n = 1000
sensor = np.column_stack([rng.normal(300, 40, n), rng.normal(50, 5, n), rng.normal(1000, 200, n)])
label = ((sensor[:, 0] - 300) / 40 + (sensor[:, 2] - 1000) / 200 > 0).astype(np.int64)
X_train = torch.tensor(sensor[:800], dtype=torch.float32)
X_test = torch.tensor(sensor[800:], dtype=torch.float32)
y_train = torch.tensor(label[:800])
y_test = torch.tensor(label[800:])

# %% model
torch.manual_seed(0)
clf = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.Adam(clf.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

# %% train
for epoch in range(100):
    clf.train()
    opt.zero_grad()
    loss = loss_fn(clf(X_train), y_train)
    loss.backward()
    opt.step()
print("train loss", loss.item())

# %% normalise inputs
mu, sigma = X_train.mean(0), X_train.std(0)
X_train = (X_train - mu) / sigma
X_test = (X_test - mu) / sigma

# %% evaluate
clf.eval()
with torch.no_grad():
    print("test acc", (clf(X_test).argmax(1) == y_test).float().mean().item())
