# %%
import torch
from torch import nn

model = nn.Linear(3, 1)
inputs = torch.rand(5, 3)

# %%
preds = model(inputs)
arr = preds.detach().cpu().numpy()  # dlfault-fix
