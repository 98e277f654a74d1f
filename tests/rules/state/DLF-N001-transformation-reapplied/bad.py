# A re-run is the same cell source executed again later (what the headless check sees).
# %%
import numpy as np

rng = np.random.default_rng(0)
X_train = rng.integers(0, 256, size=(500, 784)).astype("float32")
labels = rng.integers(0, 10, size=500)

# %%
X_train = X_train / 255.0

# %%
from keras.utils import to_categorical

y_onehot = labels

# %%
y_onehot = to_categorical(y_onehot, 10)

# %% expect: DLF-N001
X_train = X_train / 255.0

# %% expect: DLF-N001
y_onehot = to_categorical(y_onehot, 10)
