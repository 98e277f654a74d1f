# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(60, 8)
y = torch.arange(60) % 20            # 20 classes, 3 samples each
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 20))

# %%
train_ds = torch.utils.data.TensorDataset(X, y)  # expect: DLF-T205
