# %%
import torch
from torch import nn

torch.manual_seed(0)
# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
for layer in model:
    if isinstance(layer, nn.Linear):
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)      # zero biases are fine
# zero-initialising the output layer only is a known, harmless trick
nn.init.zeros_(model[2].weight)
# a single-layer (logistic regression) model may start at zero
logreg = nn.Linear(10, 1)
nn.init.zeros_(logreg.weight)
