# corpus: expect=training.loss set=state also=training.data_quality
# Imbalanced 3-class problem. The user computes inverse-frequency class weights and builds
# the weighted CrossEntropyLoss, then goes back and edits the labelling cell (merging two rare
# sub-types, which changes the class counts) and re-trains. The loss still carries the weights
# computed from the old label counts, so the now-majority class is up-weighted.
# Sources: github.com/shenyangHuang/TGB/issues/88 (state not reset between runs);
# Pimentel et al. MSR 2019; 0539edu.com/news/596753 (stale objects after editing an earlier cell).
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(5)
n = 900
X = rng.normal(size=(n, 6)).astype(np.float32)
score = X[:, 0] + 0.8 * X[:, 1]
raw_type = np.digitize(score, [-1.2, 0.9, 1.6])  # 4 raw sub-types
X_t = torch.from_numpy(X)

# %% labelling: sub-types 0 | 1 | 2,3
y = np.where(raw_type >= 2, 2, raw_type)
print(np.bincount(y))

# %% class weights and loss
counts = np.bincount(y)
class_w = torch.tensor(len(y) / (len(counts) * counts), dtype=torch.float32)
criterion = nn.CrossEntropyLoss(weight=class_w)
print(class_w)

# %% labelling (edited): sub-types 0,1 | 2 | 3
y = np.where(raw_type <= 1, 0, raw_type - 1)
print(np.bincount(y))

# %% train
torch.manual_seed(0)
y_t = torch.from_numpy(y).long()
model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(150):
    model.train()
    opt.zero_grad()
    loss = criterion(model(X_t[:700]), y_t[:700])
    loss.backward()
    opt.step()
model.eval()
with torch.no_grad():
    pred = model(X_t[700:]).argmax(1)
for c in range(3):
    m = y_t[700:] == c
    print(c, "recall", (pred[m] == c).float().mean().item())
