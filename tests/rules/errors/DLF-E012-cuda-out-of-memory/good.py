# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 2))
loader = DataLoader(TensorDataset(torch.rand(512, 32)), batch_size=128)
x = torch.rand(512, 32)

# %%
with torch.no_grad():
    out = model(x)
