# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
feats = torch.from_numpy(rng.normal(size=(300, 10)).astype(np.float32))
multi_hot = torch.from_numpy((rng.random((300, 5)) < 0.4).astype(np.float32))
loader = DataLoader(TensorDataset(feats, multi_hot), batch_size=30)


# %%
# multi-label: one sigmoid per output with BCELoss
class Tags(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 5)

    def forward(self, v):
        return torch.sigmoid(self.fc(v))


tags = Tags()
crit = nn.BCELoss()
for xb, yb in loader:
    crit(tags(xb), yb).backward()

# %%
# a two-class softmax trained with BCELoss on one-hot rows (the same as cross-entropy)
two = torch.from_numpy(np.eye(2, dtype=np.float32)[rng.integers(0, 2, 300)])
pair_loader = DataLoader(TensorDataset(feats, two), batch_size=30)
pair = nn.Sequential(nn.Linear(10, 2), nn.Softmax(dim=1))
pair_bce = nn.BCELoss()
for xb, yb in pair_loader:
    pair_bce(pair(xb), yb).backward()
