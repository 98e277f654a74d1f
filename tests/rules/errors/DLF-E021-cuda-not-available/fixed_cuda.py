# %%
import torch
from torch import nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        return self.fc(x)


# %%
device = "cuda" if torch.cuda.is_available() else "cpu"  # dlfault-fix
net = TinyNet().to(device)  # dlfault-fix
