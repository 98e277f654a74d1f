# A re-run is the same cell source executed again later (what the headless check sees).
# %%
import numpy as np

rng = np.random.default_rng(0)
X_train = rng.integers(0, 256, size=(500, 784)).astype("float32")
labels = rng.integers(1, 11, size=500)

# %%
X_train = X_train / 255.0

# %%
labels -= 1

# %% expect: DLF-N001
X_train = X_train / 255.0

# %% expect: DLF-N001
labels -= 1
