# corpus: expect=training.validation set=state
# Execution order: the user first ran the training cell on the full X, y (the train/test split
# cell had not been run yet; it is above in the notebook but got executed after), then ran
# the split cell and the evaluation cell. The "test" rows were part of the training data,
# so the reported test accuracy is inflated.
# Sources: github.com/jupyter/notebook/issues/3229 ("out-of-order execution ... where each cell
# modifies the global state"); jupyterlab/jupyterlab#17766 (outputs not from a linear run);
# Pimentel et al. MSR 2019.
# %%
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(0)
X = rng.normal(size=(300, 30)).astype(np.float32)
y = (X[:, 0] + 0.5 * rng.normal(size=300) > 0).astype(np.int64)  # noisy, small data

# %% model
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(30, 256), nn.ReLU(), nn.Linear(256, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.CrossEntropyLoss()

# %% train
Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
for epoch in range(300):
    model.train()
    optimizer.zero_grad()
    loss = criterion(model(Xt), yt)
    loss.backward()
    optimizer.step()
print("train loss", loss.item())

# %% split
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)

# %% evaluate
model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(X_test)).argmax(1).numpy()
print("test accuracy", (pred == y_test).mean())
