# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 2))
loader = DataLoader(TensorDataset(torch.rand(512, 32)), batch_size=512)
x = torch.rand(512, 32)

# %%
loader = DataLoader(loader.dataset, batch_size=256, shuffle=False)  # dlfault-fix
with torch.no_grad():  # dlfault-fix
    out = model(x)  # dlfault-fix

# %%
del out
torch.cuda.empty_cache()  # dlfault-fix
