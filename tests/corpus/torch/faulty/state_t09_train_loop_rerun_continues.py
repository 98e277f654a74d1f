# corpus: expect=training.process set=state also=training.hyperparameters
# The user compares "5 epochs" against "5 epochs with weight decay". The training cell is run,
# then re-run after looking at the output, without re-creating the model or the optimizer.
# The second run continues from the trained weights, so the reported "5-epoch" baseline is
# really a 10-epoch model (and Adam's moments carry over).
# Sources: github.com/d2l-ai/d2l-en/issues/780 ("it will take the model generated from the
# previous code block and continue training that one"); codemia.io "Does calling the model.fit
# method again reinitialize the already trained weights?".
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(1000, 20)
y = (X[:, :5].sum(1) + 0.3 * torch.randn(1000) > 0).long()
train_loader = DataLoader(TensorDataset(X[:800], y[:800]), batch_size=32, shuffle=True)
X_val, y_val = X[800:], y[800:]

# %% baseline model
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
EPOCHS = 5

# %% train for EPOCHS epochs and report
for epoch in range(EPOCHS):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    baseline_acc = (model(X_val).argmax(1) == y_val).float().mean().item()
print(f"baseline after {EPOCHS} epochs: {baseline_acc:.3f}")

# %% train for EPOCHS epochs and report
for epoch in range(EPOCHS):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    baseline_acc = (model(X_val).argmax(1) == y_val).float().mean().item()
print(f"baseline after {EPOCHS} epochs: {baseline_acc:.3f}")

# %% weight decay variant, same budget
torch.manual_seed(0)
model_wd = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 2))
opt_wd = torch.optim.AdamW(model_wd.parameters(), lr=1e-3, weight_decay=0.05)
for epoch in range(EPOCHS):
    model_wd.train()
    for xb, yb in train_loader:
        opt_wd.zero_grad()
        criterion(model_wd(xb), yb).backward()
        opt_wd.step()
model_wd.eval()
with torch.no_grad():
    wd_acc = (model_wd(X_val).argmax(1) == y_val).float().mean().item()
print(f"baseline {baseline_acc:.3f} vs weight decay {wd_acc:.3f}")
