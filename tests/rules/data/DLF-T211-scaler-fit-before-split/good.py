# %%
import numpy as np
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

rng = np.random.RandomState(0)
X = rng.lognormal(3, 1, (500, 5))
y = (X[:, 0] > 20).astype("int64")

# %%
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

# %%
# after the evaluation: a final scaler on all the data for deployment
final_scaler = StandardScaler().fit(X)
X_all = final_scaler.transform(X)

# %%
# split of the training part into train/validation after scaling it (fit on X_train only)
X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train, test_size=0.2, random_state=0)
