# A re-run is the same cell source executed again later (what the headless check sees).
# %%
import numpy as np

rng = np.random.default_rng(0)
X_train = rng.integers(0, 256, size=(500, 784)).astype("float32")
labels = rng.integers(0, 10, size=500)
X_train_raw = X_train  # dlfault-fix

# %%
X_train = X_train_raw / 255.0  # dlfault-fix

# %%
from keras.utils import to_categorical

y_onehot = labels
y_onehot_raw = y_onehot  # dlfault-fix

# %%
y_onehot = to_categorical(y_onehot_raw, 10)  # dlfault-fix

# %%
X_train = X_train_raw / 255.0  # dlfault-fix

# %%
y_onehot = to_categorical(y_onehot_raw, 10)  # dlfault-fix
