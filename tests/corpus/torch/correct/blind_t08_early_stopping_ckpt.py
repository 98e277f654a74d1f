# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import copy
import os
import tempfile
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(42)

# %%
X, y = make_classification(n_samples=900, n_features=20, n_informative=8, n_classes=3,
                           random_state=42)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=42)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train).astype(np.float32)
X_val = scaler.transform(X_val).astype(np.float32)

train_dl = DataLoader(TensorDataset(torch.tensor(X_train), torch.tensor(y_train)), batch_size=64, shuffle=True)
val_dl = DataLoader(TensorDataset(torch.tensor(X_val), torch.tensor(y_val)), batch_size=128)

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 3))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
EPOCHS = 3
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, epochs=EPOCHS,
                                                steps_per_epoch=len(train_dl))

ckpt_dir = tempfile.mkdtemp()
ckpt_path = os.path.join(ckpt_dir, "best_model.pt")

# %%
best_val, patience, bad_epochs = float("inf"), 2, 0
for epoch in range(EPOCHS):
    model.train()
    for xb, yb in train_dl:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        scheduler.step()

    model.eval()
    val_loss = 0.0
    with torch.no_grad():
        for xb, yb in val_dl:
            val_loss += criterion(model(xb), yb).item() * len(yb)
    val_loss /= len(val_dl.dataset)
    print(f"epoch {epoch}: val_loss={val_loss:.4f} lr={scheduler.get_last_lr()[0]:.5f}")

    if val_loss < best_val:
        best_val, bad_epochs = val_loss, 0
        torch.save(model.state_dict(), ckpt_path)
    else:
        bad_epochs += 1
        if bad_epochs >= patience:
            print("early stopping")
            break

# %%
best_model = copy.deepcopy(model)
best_model.load_state_dict(torch.load(ckpt_path))
best_model.eval()
with torch.no_grad():
    preds = torch.cat([best_model(xb).argmax(1) for xb, _ in val_dl])
acc = (preds.numpy() == y_val).mean()
print("best val loss", round(best_val, 4), "acc", round(float(acc), 3))
