# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(3)
feats = torch.randn(96, 5)
churned = (feats[:, 2] > 0).float()            # (96,)
clf = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())

# %%
with torch.no_grad():
    scores = clf(feats)                          # (96, 1)
scores = scores.ravel()             # (96, 1) -> (96,)  dlfault-fix
hit_rate = (scores.round() == churned).float().mean().item()

# %%
import keras

rng = np.random.default_rng(4)
houses = rng.normal(size=(120, 4)).astype("float32")
price = houses @ np.array([1.0, -2.0, 0.5, 3.0], dtype="float32")    # (120,)
reg = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
estimates = reg.predict(houses, verbose=0)

# %%
estimates = estimates.ravel()             # (120, 1) -> (120,)  dlfault-fix
mae = np.mean(np.abs(estimates - price))

# %%
above = np.where(reg.predict(houses, verbose=0) > 0.0, 1, 0)
truth = (price > 0).astype(int)
above = above.ravel()             # (120, 1) -> (120,)  dlfault-fix
wrong = above != truth

# %%
targets_col = price.reshape(-1, 1)               # (120, 1)
flat_est = reg.predict(houses, verbose=0).flatten()
targets_col = targets_col.ravel()             # (120, 1) -> (120,)  dlfault-fix
sq_err = ((flat_est - targets_col) ** 2).sum()

# %%
share_right = float(np.mean((reg.predict(houses, verbose=0).ravel() > 0.0) == truth))  # dlfault-fix
