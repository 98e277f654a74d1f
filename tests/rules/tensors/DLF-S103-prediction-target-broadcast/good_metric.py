# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(3)
feats = torch.randn(96, 5)
churned = (feats[:, 2] > 0).float()            # (96,)
clf = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())


def accuracy(model, x, y):
    scores = model(x)
    return (scores.round() == y).float().mean().item()


# %%
with torch.no_grad():
    scores = clf(feats)                          # (96, 1)
hit_rate = (scores.squeeze(1).round() == churned).float().mean().item()
hit_rate_2 = (scores[:, 0].round() == churned).float().mean().item()
hit_rate_3 = (scores.round() == churned[:, None]).float().mean().item()

# %%
import keras

rng = np.random.default_rng(4)
houses = rng.normal(size=(120, 4)).astype("float32")
price = houses @ np.array([1.0, -2.0, 0.5, 3.0], dtype="float32")    # (120,)
reg = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
estimates = reg.predict(houses, verbose=0)

# %%
mae = np.mean(np.abs(estimates.ravel() - price))
price_col = price.reshape(-1, 1)
mse = ((estimates - price_col) ** 2).mean()
above = np.where(reg.predict(houses, verbose=0) > 0.0, 1, 0).squeeze()
truth = (price > 0).astype(int)
wrong = above != truth
share = np.mean(above == truth)
# a pair table on purpose, no prediction in it
same_sign = truth[:, None] == truth

# %%
targets_col = price.reshape(-1, 1)               # (120, 1)
flat_est = reg.predict(houses, verbose=0).flatten()
sq_err = ((flat_est - targets_col.ravel()) ** 2).sum()
col_est = reg.predict(houses, verbose=0)
sq_err_2 = ((col_est - targets_col) ** 2).sum()

# %%
share_right = float(np.mean((reg.predict(houses, verbose=0).ravel() > 0.0) == truth))
share_right_2 = float(np.mean((reg.predict(houses, verbose=0)[:, 0] > 0.0) == truth))
