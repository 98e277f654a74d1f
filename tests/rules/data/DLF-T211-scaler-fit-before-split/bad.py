# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

rng = np.random.RandomState(0)
X = rng.lognormal(3, 1, (500, 5))      # heavy-tailed features
y = (X[:, 0] > 20).astype("int64")

# %%
scaler = StandardScaler()
X_scaled = scaler.fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, test_size=0.2, random_state=0)  # expect: DLF-T211

# %%
mm = MinMaxScaler().fit(X)
X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.25, random_state=1)
X_tr = mm.transform(X_tr)
X_val = mm.transform(X_val)  # expect: DLF-T211
