# %%
import torch
from torch import nn

torch.manual_seed(0)
X_test = torch.randn(32, 4)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %%
model.eval()
model.eval()  # dlfault-fix
with torch.no_grad():  # dlfault-fix
    out = model(X_test)  # dlfault-fix
