# %%
import torch

torch.manual_seed(0)
X = torch.randn(500, 8)
y = torch.randint(0, 2, (500,))

# %%
X_train, y_train = X[:400], y[:400]
X_test, y_test = X[400:], y[400:]

# %%
# tabular data with few distinct values has genuine duplicate rows
flags = torch.randint(0, 2, (500, 3)).float()
flags_train, flags_test = flags[:400], flags[400:]

# %%
# a validation split drawn from the training part (X_train itself is not trained on)
from sklearn.model_selection import train_test_split

X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train, test_size=0.2, random_state=0)
