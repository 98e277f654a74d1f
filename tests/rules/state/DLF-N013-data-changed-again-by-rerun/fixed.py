# %%
import numpy as np

rng = np.random.default_rng(0)
labels = rng.integers(1, 11, size=500)
X = rng.random((300, 8)).astype("float32")
X_extra = rng.random((100, 8)).astype("float32")
features = ["age", "height", "weight"]
labels_raw = labels  # dlfault-fix
X_raw = X  # dlfault-fix
features_raw = features  # dlfault-fix

# %%
labels = labels_raw - 1  # dlfault-fix

# %%
X = np.concatenate([X_raw, X_extra])  # dlfault-fix
features = features_raw + ["bmi"]   # a new list: features_raw is left as it was

# %%
labels = labels_raw - 1  # dlfault-fix

# %%
X = np.concatenate([X_raw, X_extra])  # dlfault-fix
features = features_raw + ["bmi"]   # a new list: features_raw is left as it was
