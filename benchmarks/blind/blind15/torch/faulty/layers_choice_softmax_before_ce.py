# corpus: expect=model.layers.choice set=blind15
# (blind 2026-12-07) The classifier ends in nn.Softmax(dim=1) and its output is fed to CrossEntropyLoss(label_smoothing=0.05), which applies log-softmax again, so gradients are squashed and the loss plateaus far above what the model could reach. https://github.com/doronharitan/human_activity_recognition_LRCN/issues/4
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(7)
n_classes, n_feat = 6, 20
centers = rng.normal(0, 2.0, size=(n_classes, n_feat))
labels = rng.integers(0, n_classes, size=3000)
feats = centers[labels] + rng.normal(0, 1.5, size=(3000, n_feat))

X = torch.tensor(feats, dtype=torch.float32)
y = torch.tensor(labels, dtype=torch.long)
train_ds = TensorDataset(X[:2400], y[:2400])
val_X, val_y = X[2400:], y[2400:]

# %%
def build_classifier(d_in, d_hidden, n_out):
    return nn.Sequential(
        nn.Linear(d_in, d_hidden),
        nn.GELU(),
        nn.Dropout(0.1),
        nn.Linear(d_hidden, d_hidden),
        nn.GELU(),
        nn.Linear(d_hidden, n_out),
        nn.Softmax(dim=1),
    )

clf = build_classifier(n_feat, 128, n_classes)
optimizer = torch.optim.AdamW(clf.parameters(), lr=3e-3, weight_decay=1e-2)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=12)
criterion = nn.CrossEntropyLoss(label_smoothing=0.05)

# %%
train_dl = DataLoader(train_ds, batch_size=128, shuffle=True)
for ep in range(12):
    clf.train()
    tot = 0.0
    for xb, yb in train_dl:
        optimizer.zero_grad(set_to_none=True)
        out = clf(xb)
        loss = criterion(out, yb)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(clf.parameters(), 1.0)
        optimizer.step()
        tot += loss.item()
    scheduler.step()
    print(f"epoch {ep:2d}  train loss {tot / len(train_dl):.4f}  lr {scheduler.get_last_lr()[0]:.5f}")

# %%
clf.eval()
with torch.no_grad():
    val_out = clf(val_X)
    print("val loss", criterion(val_out, val_y).item())
    print("val acc", (val_out.argmax(1) == val_y).float().mean().item())
