# corpus: expect=model.type set=state
# Execution order: the notebook has a cell that applies a custom Xavier initialisation to the
# model. The user ran the model cell, trained, and only then ran the init cell (it was skipped
# the first time) before the evaluation and saving cells. The trained weights are overwritten
# by a fresh random initialisation; the evaluated and saved model is untrained.
# Sources: github.com/fastai/fastai/issues/1108 (order of model reset vs optimizer creation);
# github.com/shenyangHuang/TGB/issues/88 (reset_parameters and training state); Pimentel et al. MSR 2019.
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(600, 12)
y = (X[:, 2] * X[:, 7] > 0).long()
X_tr, y_tr, X_te, y_te = X[:500], y[:500], X[500:], y[500:]

# %% model
model = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.CrossEntropyLoss()

# %% train
for epoch in range(200):
    model.train()
    optimizer.zero_grad()
    loss = criterion(model(X_tr), y_tr)
    loss.backward()
    optimizer.step()
print("final train loss", loss.item())

# %% custom initialisation
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)

model.apply(init_weights)

# %% evaluate and keep the weights
model.eval()
with torch.no_grad():
    acc = (model(X_te).argmax(1) == y_te).float().mean().item()
print("test accuracy", acc)
final_weights = {k: v.clone() for k, v in model.state_dict().items()}
