# %%
import numpy as np

rng = np.random.default_rng(0)
labels = rng.integers(1, 11, size=500)
X = rng.random((300, 8)).astype("float32")
X_extra = rng.random((100, 8)).astype("float32")
features = ["age", "height", "weight"]

# %%
labels -= 1

# %%
X = np.concatenate([X, X_extra])
features.append("bmi")

# %% expect: DLF-N013
labels -= 1

# %% expect: DLF-N013
X = np.concatenate([X, X_extra])
features.append("bmi")
