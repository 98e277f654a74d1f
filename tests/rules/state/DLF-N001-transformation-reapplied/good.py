# Re-runs that give the same result must stay quiet.
# %%
import numpy as np

rng = np.random.default_rng(0)
X_raw = rng.integers(0, 256, size=(500, 784)).astype("float32")
y = rng.integers(0, 10, size=500)

# %%
X = X_raw / 255.0

# %%
X = X_raw / 255.0

# %%
Z = (X - X.mean()) / X.std()
Z = (Z - Z.mean()) / Z.std()

# %%
Z = (Z - Z.mean()) / Z.std()

# %%
Z = (Z - Z.mean()) / Z.std()

# %%
X = X.reshape(-1, 28, 28)

# %%
X = X.reshape(-1, 28, 28)

# %%
order = np.arange(len(X))[::-1]
X, y = X[order], y[order]

# %%
order = np.arange(len(X))[::-1]
X, y = X[order], y[order]

# %%
print(X.shape, float(X.max()))

# %%
print(X.shape, float(X.max()))
