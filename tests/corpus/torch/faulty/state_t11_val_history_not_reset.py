# corpus: expect=training.validation set=state also=training.process
# The validation-loss history list is created once, in the setup cell. The training cell
# appends to it and keeps a checkpoint whenever the current val loss is the minimum of the
# list. The user re-creates the model (new hidden size) and re-runs the training cell: the
# list still holds the first run's losses: the new model's epochs are compared with the old
# run's minimum (its early checkpoints are never kept) and "best epoch" is reported as 110 of
# a 60-epoch run.
# Sources: github.com/keras-team/keras/issues/20521 ("EarlyStopping instance is not reusable":
# best value kept from a previous training); github.com/shenyangHuang/TGB/issues/88.
# %%
import copy
import torch
import torch.nn as nn

torch.manual_seed(1)
X = torch.randn(700, 8)
y = (X[:, 0] - X[:, 3] + 0.5 * X[:, 5] ** 2 + 0.2 * torch.randn(700)).unsqueeze(1)
X_tr, y_tr, X_va, y_va = X[:560], y[:560], X[560:], y[560:]
val_losses = []
best_state = None

# %% model v1
model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %% train, keep the best checkpoint
mse = nn.MSELoss()
for epoch in range(60):
    model.train()
    optimizer.zero_grad()
    mse(model(X_tr), y_tr).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        vl = mse(model(X_va), y_va).item()
    val_losses.append(vl)
    if vl == min(val_losses):
        best_state = copy.deepcopy(model.state_dict())
        best_epoch = len(val_losses) - 1
print("best epoch", best_epoch, "best val", min(val_losses))

# %% model v2: wider
model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %% train, keep the best checkpoint
mse = nn.MSELoss()
for epoch in range(60):
    model.train()
    optimizer.zero_grad()
    mse(model(X_tr), y_tr).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        vl = mse(model(X_va), y_va).item()
    val_losses.append(vl)
    if vl == min(val_losses):
        best_state = copy.deepcopy(model.state_dict())
        best_epoch = len(val_losses) - 1
print("best epoch", best_epoch, "best val", min(val_losses))

# %% final report for the wide model
print("val losses recorded:", len(val_losses))
print("checkpoint has", best_state["0.weight"].shape[0], "hidden units")
