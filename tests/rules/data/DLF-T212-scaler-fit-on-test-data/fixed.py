# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

rng = np.random.RandomState(0)
X = rng.rand(400, 4) * [10, 300, 2, 50]
y = (X[:, 1] > 150).astype("int64")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)

# %%
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
scaler = StandardScaler().fit(X_train)   # training data only  dlfault-fix
X_test = scaler.transform(X_test)  # dlfault-fix

# %%
test_scaler = StandardScaler()
test_scaler = StandardScaler().fit(X_train)   # training data only  dlfault-fix
X_test = test_scaler.transform(X_test)  # dlfault-fix
