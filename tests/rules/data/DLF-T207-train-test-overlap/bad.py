# %%
import torch

torch.manual_seed(0)
X = torch.randn(500, 8)
y = torch.randint(0, 2, (500,))

# %% expect: DLF-T207
X_train, y_train = X[:400], y[:400]
X_test, y_test = X[300:], y[300:]     # overlaps rows 300-399
