# %%
import torch
from torch import nn

torch.manual_seed(3)
inputs = torch.randn(64, 3)
targets = inputs @ torch.tensor([[1.0], [-2.0], [0.5]])
reg = nn.Linear(3, 1)
adam = torch.optim.Adam(reg.parameters(), lr=0.01)


def fit_one(xb, yb):
    adam.zero_grad()
    err = nn.functional.l1_loss(reg(xb), yb)
    err.backward()  # dlfault-fix
    adam.step()
    return err.item()


# %%
history = [fit_one(inputs, targets) for _ in range(10)]
