# %%
import numpy as np
import torch

rng = np.random.default_rng(1)
expr = rng.normal(size=(40, 250)).astype(np.float32)   # (genes, patients)

# %%
per_patient = expr.T
table = np.transpose(expr)
flat = expr.ravel()
again = flat.reshape(40, 250)          # back to its own layout
grouped = expr.reshape(40, 5, 50)      # keeps the first axis
halves = expr.reshape(80, 125)         # not the reverse of (40, 250)

# %%
col = np.arange(250.0).reshape(1, 250)
row = col.reshape(250, 1)              # (1, N) -> (N, 1): same order of values
square = rng.normal(size=(32, 32))
same = square.reshape(32, 32)

# %%
signal = torch.randn(12, 300)
frames = signal.t()
windows = signal.view(12, 30, 10)
