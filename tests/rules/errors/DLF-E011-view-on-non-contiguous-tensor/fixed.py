# %%
import torch

feats = torch.rand(4, 6, 5).transpose(1, 2)

# %%
feats.reshape(4, -1)  # dlfault-fix
# or: feats.contiguous().view(4, -1)
