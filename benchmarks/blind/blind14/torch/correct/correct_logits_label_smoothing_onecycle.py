# corpus: correct set=blind14
# (blind 2026-12-07) Classifier returning raw logits to CrossEntropyLoss(label_smoothing=0.1), AdamW with OneCycleLR stepped once per batch, gradient clipping between backward and step, validation in eval/no_grad mode with argmax over dim=1. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# %%
n, d, k = 2000, 16, 6
centers = torch.randn(k, d) * 2
y = torch.randint(0, k, (n,))
X = centers[y] + torch.randn(n, d)
train_ds, val_ds = random_split(TensorDataset(X, y), [1600, 400], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=256)

# %%
model = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, k)).to(device)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
epochs = 6
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, epochs=epochs, steps_per_epoch=len(train_loader))

# %%
for epoch in range(epochs):
    model.train()
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        scheduler.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for xb, yb in val_loader:
            correct += (model(xb.to(device)).argmax(dim=1) == yb.to(device)).sum().item()
    print(f"epoch {epoch} loss {loss.item():.3f} val_acc {correct / len(val_ds):.3f} lr {scheduler.get_last_lr()[0]:.4f}")
