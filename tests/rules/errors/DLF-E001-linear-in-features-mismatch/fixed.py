# %%
import torch
from torch import nn

x = torch.rand(64, 1, 28, 28)
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))

# %%
model = nn.Sequential(nn.Flatten(), *model)   # or add it where you build model  dlfault-fix
out = model(x)  # dlfault-fix

# %%
cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                    nn.Linear(1352, 10),   # was nn.Linear(1568, 10) at cnn[4]  dlfault-fix
                    )
logits = cnn(x)

# %%
w = torch.rand(5, 3)
feats = torch.rand(5, 10)
print(feats.shape, w.shape)   # (n, k) @ (k, m) -> (n, m)  dlfault-fix
z = feats.T @ w  # dlfault-fix
