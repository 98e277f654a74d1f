# corpus: expect=tensors.shape set=blind15
# (blind 2026-12-07) The regression net outputs (batch, 1) but the targets from the dataset are (batch,), so MSELoss silently broadcasts to a (batch, batch) matrix of pairwise errors and the model only learns to predict the mean. https://github.com/pytorch/pytorch/issues/16045
# %%
import warnings
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(5)

class EnergyDataset(Dataset):
    def __init__(self, n):
        self.x = torch.randn(n, 6)
        w = torch.tensor([1.5, -2.0, 0.7, 0.0, 3.0, -1.0])
        self.y = self.x @ w + 0.5 * torch.sin(3 * self.x[:, 0]) + 0.1 * torch.randn(n)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]

train_set, valid_set = EnergyDataset(3000), EnergyDataset(600)

# %%
regressor = nn.Sequential(nn.Linear(6, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
mse = nn.MSELoss()
optim = torch.optim.Adam(regressor.parameters(), lr=2e-3)
warnings.filterwarnings("ignore", category=UserWarning)

# %%
for epoch in range(12):
    regressor.train()
    for feats, target in DataLoader(train_set, batch_size=64, shuffle=True):
        optim.zero_grad()
        pred = regressor(feats)
        loss = mse(pred, target)
        loss.backward()
        optim.step()
    regressor.eval()
    with torch.no_grad():
        vloss = mse(regressor(valid_set.x), valid_set.y).item()
    print(f"epoch {epoch}: val mse {vloss:.3f}  (target variance {valid_set.y.var().item():.3f})")
