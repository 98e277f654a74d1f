# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

rng = np.random.RandomState(0)
X = rng.lognormal(3, 1, (500, 5))      # heavy-tailed features
y = (X[:, 0] > 20).astype("int64")

# %%
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)     # X_train: the training split of X  dlfault-fix
X_train = scaler.transform(X_train)  # dlfault-fix
X_test = scaler.transform(X_test)  # dlfault-fix

# %%
X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.25, random_state=1)
mm = MinMaxScaler().fit(X_tr)     # X_tr: the training split of X  dlfault-fix
X_tr = mm.transform(X_tr)  # dlfault-fix
X_val = mm.transform(X_val)  # dlfault-fix
