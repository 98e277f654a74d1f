# %%
import torch
from torch import nn

x = torch.rand(64, 1, 28, 28)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))

# %%
out = model(x)

# %%
cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                    nn.Linear(8 * 13 * 13, 10))
logits = cnn(x)
