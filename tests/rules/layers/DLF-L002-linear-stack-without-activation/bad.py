# %%
import torch
from torch import nn

# %% expect: DLF-L002
model = nn.Sequential(nn.Linear(784, 256), nn.Dropout(0.2), nn.Linear(256, 10))


# %% expect: DLF-L002
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 50)
        self.fc2 = nn.Linear(50, 2)

    def forward(self, x):
        x = self.fc1(x)
        x = self.fc2(x)
        return x


mlp = MLP()
