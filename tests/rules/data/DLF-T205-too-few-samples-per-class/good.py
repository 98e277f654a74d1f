# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(600, 8)
y = torch.arange(600) % 20           # 30 samples per class
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 20))

# %%
train_ds = torch.utils.data.TensorDataset(X, y)
