# %%
import torch

feats = torch.rand(4, 6, 5).transpose(1, 2)

# %%
flat = feats.view(4, -1)  # expect: DLF-E011
