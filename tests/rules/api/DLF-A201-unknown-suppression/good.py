# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %%
# Each form of suppression silences a real finding (DLF-A005 on `model.forward(X)`),
# and names only rules that exist.
out = model.forward(X)  # dlfault: ignore[DLF-A005]

# %%
out = model.forward(X)  # dlfault: ignore[forward-called-directly, dlf-t203]

# %%
out = model.forward(X)  # dlfault: ignore

# %%
# a comment first
# dlfault: ignore[api]
out = model.forward(X)
out = model.forward(X)

# %%
# dlfault: ignore
out = model.forward(X)

# %%
# dlfault: ignore[training, DLF-A005] - free text after the directive is fine
out = model.forward(X)
