# %%
import torch
from torch import nn

# %%
model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))
# depthwise-separable convolution: no activation between depthwise and pointwise is normal
sep = nn.Sequential(nn.Conv2d(8, 8, 3, groups=8), nn.Conv2d(8, 16, 1), nn.ReLU())

import torch.nn.functional as F  # noqa: E402


# %%
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 50)
        self.drop = nn.Dropout(0.1)
        self.fc2 = nn.Linear(50, 2)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc2(x)


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 4)
        self.fc2 = nn.Linear(4, 4)

    def forward(self, x):
        h = self.fc1(x)
        return self.fc2(torch.tanh(h)) + x


mlp, res = MLP(), Residual()
