# %%
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(60, 8)
y = torch.arange(60) % 20            # 20 classes, 3 samples each
classes, counts = np.unique(y.numpy(), return_counts=True)  # dlfault-fix
print(dict(zip(classes, counts)))   # merge or drop classes with very few samples  dlfault-fix
y = y // 5                           # merged into 4 classes of 15 samples
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 4))

# %%
train_ds = torch.utils.data.TensorDataset(X, y)
