# %%
import numpy as np

rng = np.random.default_rng(0)
raw_labels = rng.integers(1, 11, size=500)
X_base = rng.random((300, 8)).astype("float32")
X_extra = rng.random((100, 8)).astype("float32")

# %%
labels = raw_labels - 1

# %%
labels = raw_labels - 1

# %%
X = np.concatenate([X_base, X_extra])
features = ["age", "height", "weight"]
features.append("bmi")

# %%
X = np.concatenate([X_base, X_extra])
features = ["age", "height", "weight"]
features.append("bmi")
