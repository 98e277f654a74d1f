# %%
import torch

torch.manual_seed(0)
X = torch.randn(500, 8)
y = torch.randint(0, 2, (500,))

# %%
n_train = int(0.8 * len(X))  # dlfault-fix
X_train, X_test = X[:n_train], X[n_train:]  # dlfault-fix
y_train, y_test = y[:n_train], y[n_train:]
