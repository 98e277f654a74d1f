# %%
import torch
from torch import nn

x = torch.rand(64, 1, 28, 28)
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))

# %%
out = model(x)  # expect: DLF-E001

# %%
cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                    nn.Linear(8 * 14 * 14, 10))
logits = cnn(x)  # expect: DLF-E001

# %%
w = torch.rand(5, 3)
feats = torch.rand(5, 10)
z = feats @ w  # expect: DLF-E001
