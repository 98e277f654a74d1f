# %%
import torch
import torch.nn.functional as F
from torch import nn

# %%
model = nn.Sequential(
    nn.Linear(in_features=784, out_features=256, bias=True),  # dlfault-fix
    nn.ReLU(),            # the missing non-linearity  dlfault-fix
    nn.Dropout(0.2),
    nn.Linear(in_features=256, out_features=10, bias=True),  # dlfault-fix
)


# %%
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 50)
        self.fc2 = nn.Linear(50, 2)

    def forward(self, x):
        x = F.relu(self.fc1(x))   # the missing non-linearity  dlfault-fix
        x = self.fc2(x)  # dlfault-fix
        return x


mlp = MLP()
