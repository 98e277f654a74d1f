# %%
import numpy as np
import torch
from torch.utils.data import TensorDataset, random_split

torch.manual_seed(2)
X = torch.randn(300, 5) * 10 + 4
y = (X[:, 0] > 4).long()

# %%
# statistics of the training rows only, applied to both parts
X_train, X_test = X[:240], X[240:]
y_train, y_test = y[:240], y[240:]
mu, sigma = X_train.mean(dim=0), X_train.std(dim=0)
X_train = (X_train - mu) / sigma
X_test = (X_test - mu) / sigma

# %%
# each sample by itself: no statistics shared between rows
emb = torch.randn(200, 16)
emb = emb / emb.norm(dim=1, keepdim=True)
centred = emb - emb.mean(1, keepdim=True)
emb_train, emb_val = centred[:160], centred[160:]

# %%
# images scaled by a constant
imgs = np.random.default_rng(0).integers(0, 256, size=(100, 8, 8)).astype("float32")
imgs = imgs / 255.0
img_train, img_val = imgs[:80], imgs[80:]

# %%
# split first, normalise after with the training subset's statistics
Z = torch.rand(100, 3) * 7
labels = (Z[:, 0] > 3).long()
train_part, val_part = random_split(TensorDataset(Z, labels), [80, 20],
                                    generator=torch.Generator().manual_seed(0))
zm = Z[train_part.indices].mean(0)
zs = Z[train_part.indices].std(0)
Z_norm = (Z - zm) / zs

# %%
# an image batch rescaled by its overall maximum (a constant, not a per-feature fit)
pix = torch.randint(0, 256, (60, 1, 8, 8)).float()
pix = pix / pix.max()
pix_train, pix_val = pix[:50], pix[50:]
