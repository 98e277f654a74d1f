# corpus: expect=model.layers.activation set=blind14
# (blind 2026-12-07) A multi-label tagger (several tags can be on at once) ends in softmax(dim=1) and is trained with BCELoss, so the per-tag probabilities must sum to 1 and the model can never predict two tags above 0.5 at the same time. https://discuss.pytorch.org/t/multi-label-activation-function/83238
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

# %%
n, d, n_tags = 1500, 20, 5
X = np.random.randn(n, d).astype(np.float32)
W = np.random.randn(d, n_tags)
Y = ((X @ W) > 0.3).astype(np.float32)     # on average ~2 tags per sample
print("mean tags per sample:", Y.sum(1).mean())
X_tr, X_te, Y_tr, Y_te = X[:1200], X[1200:], Y[:1200], Y[1200:]
loader = DataLoader(TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(Y_tr)), batch_size=64, shuffle=True)

# %%
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, n_tags))

    def forward(self, x):
        return torch.softmax(self.body(x), dim=1)

model = Tagger()
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

# %%
for epoch in range(10):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, round(loss.item(), 4))

# %%
with torch.no_grad():
    probs = model(torch.from_numpy(X_te))
pred = (probs > 0.5).float().numpy()
print("exact-match accuracy:", (pred == Y_te).all(1).mean())
print("tag-level accuracy:", (pred == Y_te).mean())
