# corpus: expect=training.data_quality also=training.validation
# (blind probe, 2026-12-06) train/test split by index slicing overlaps (train = first 800 rows, test = rows 600:), so 200 test samples are also in training, cell 2
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(3)
np.random.seed(3)

# %%
N = 1000
features = np.random.randn(N, 16).astype(np.float32)
targets = (np.sin(features[:, 0]) + features[:, 1] ** 2 > 1).astype(np.int64)
perm = np.random.permutation(N)
features, targets = features[perm], targets[perm]

train_x, train_y = features[:800], targets[:800]
test_x, test_y = features[600:], targets[600:]
print(train_x.shape, test_x.shape)

# %%
class MLP(nn.Module):
    def __init__(self, d_in, d_hidden, n_out):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_in, d_hidden), nn.ReLU(), nn.Linear(d_hidden, n_out))

    def forward(self, x):
        return self.net(x)

mlp = MLP(16, 64, 2)
optim = torch.optim.Adam(mlp.parameters(), lr=5e-3)
ce = nn.CrossEntropyLoss()

# %%
tx, ty = torch.from_numpy(train_x), torch.from_numpy(train_y)
for epoch in range(3):
    mlp.train()
    idx = torch.randperm(len(tx))
    for b in range(0, len(tx), 64):
        bi = idx[b:b + 64]
        optim.zero_grad()
        l = ce(mlp(tx[bi]), ty[bi])
        l.backward()
        optim.step()
    print(f"epoch {epoch}: loss={l.item():.4f}")

# %%
mlp.eval()
with torch.no_grad():
    pred = mlp(torch.from_numpy(test_x)).argmax(1).numpy()
print("held-out accuracy:", (pred == test_y).mean())
