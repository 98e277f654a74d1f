# corpus: correct set=state
# The training cell re-creates its own history list and best-checkpoint variables at the top,
# trains with early-stopping-style checkpointing, and restores the best weights. The restore
# cell (load_state_dict from an in-memory copy) and the evaluation cell are re-run: loading
# the same state twice and evaluating in eval mode change nothing.
# Cf. github.com/keras-team/keras/issues/20521 (best value must not leak from a previous run)
# and github.com/dvgodoy/PyTorchStepByStep/pull/28 (deepcopy the state to restore it).
# %%
import copy
import torch
import torch.nn as nn

torch.manual_seed(1)
X = torch.randn(700, 8)
y = (X[:, 0] - X[:, 3] + 0.5 * X[:, 5] ** 2 + 0.2 * torch.randn(700)).unsqueeze(1)
X_tr, y_tr, X_va, y_va, X_te, y_te = X[:500], y[:500], X[500:600], y[500:600], X[600:], y[600:]

# %% model + optimizer
model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
mse = nn.MSELoss()

# %% train with checkpointing
val_losses, best_val, best_state = [], float("inf"), None
for epoch in range(80):
    model.train()
    optimizer.zero_grad()
    mse(model(X_tr), y_tr).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        vl = mse(model(X_va), y_va).item()
    val_losses.append(vl)
    if vl < best_val:
        best_val, best_state = vl, copy.deepcopy(model.state_dict())
print("best val", best_val, "at epoch", val_losses.index(best_val))

# %% restore best weights
model.load_state_dict(best_state)

# %% test
model.eval()
with torch.no_grad():
    print("test mse", mse(model(X_te), y_te).item())

# %% restore best weights
model.load_state_dict(best_state)

# %% test
model.eval()
with torch.no_grad():
    print("test mse", mse(model(X_te), y_te).item())
