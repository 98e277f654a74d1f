# %%
import numpy as np
import torch

# gene-expression table stored one gene per row: (genes, patients)
expr = np.random.default_rng(1).normal(size=(40, 250)).astype(np.float32)

# %%
per_patient = expr.reshape(expr.shape[1], expr.shape[0])  # expect: DLF-S104

# %%
table = np.reshape(expr, (-1, 40))  # expect: DLF-S104

# %%
signal = torch.randn(12, 300)     # (channels, time steps) from the recorder
frames = signal.view(300, 12)  # expect: DLF-S104
