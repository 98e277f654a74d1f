# %%
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.BCEWithLogitsLoss()     # takes raw scores  dlfault-fix


# %%
def train_step(x, y):
    loss = loss_fn(model(x), y)  # dlfault-fix
    return loss


x, y = torch.randn(4, 8), torch.ones(4, 1)
probs = torch.sigmoid(model(x))      # probabilities, for predictions  dlfault-fix


# %%
loss = train_step(x, y)
