# %%
import numpy as np
import torch

# gene-expression table stored one gene per row: (genes, patients)
expr = np.random.default_rng(1).normal(size=(40, 250)).astype(np.float32)

# %%
per_patient = expr.transpose(1, 0)        # (40, 250) -> (250, 40)  dlfault-fix

# %%
table = expr.transpose(1, 0)        # (40, 250) -> (250, 40)  dlfault-fix

# %%
signal = torch.randn(12, 300)     # (channels, time steps) from the recorder
frames = signal.permute(1, 0)        # (12, 300) -> (300, 12)  dlfault-fix
