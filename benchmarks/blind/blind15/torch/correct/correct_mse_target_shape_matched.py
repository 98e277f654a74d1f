# corpus: correct set=blind15
# (blind 2026-12-07) Regression where the dataset returns targets of shape (batch,) and the loop reshapes them with target.view_as(pred) before MSELoss, so the loss is element-wise; inputs are standardised with training statistics only. https://github.com/pytorch/pytorch/issues/16045
# %%
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(5)

class EnergyDataset(Dataset):
    def __init__(self, n):
        self.x = torch.randn(n, 6) * torch.tensor([1.0, 10.0, 0.1, 1.0, 5.0, 1.0])
        w = torch.tensor([1.5, -0.2, 7.0, 0.0, 0.6, -1.0])
        self.y = self.x @ w + 0.1 * torch.randn(n)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]

train_set, valid_set = EnergyDataset(3000), EnergyDataset(600)
mu, sd = train_set.x.mean(0), train_set.x.std(0)

# %%
regressor = nn.Sequential(nn.Linear(6, 64), nn.ReLU(), nn.Linear(64, 1))
mse = nn.MSELoss()
optim = torch.optim.Adam(regressor.parameters(), lr=3e-3)

# %%
for epoch in range(8):
    regressor.train()
    for feats, target in DataLoader(train_set, batch_size=64, shuffle=True):
        optim.zero_grad()
        pred = regressor((feats - mu) / sd)
        loss = mse(pred, target.view_as(pred))
        loss.backward()
        optim.step()
regressor.eval()
with torch.no_grad():
    vpred = regressor((valid_set.x - mu) / sd).squeeze(1)
    print(f"val mse {mse(vpred, valid_set.y).item():.3f} (target variance {valid_set.y.var().item():.3f})")
