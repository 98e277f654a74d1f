# corpus: expect=training.hyperparameters set=blind14
# (blind 2026-12-07) ReduceLROnPlateau is created with mode="max" but stepped with the validation loss, so every decrease of the loss counts as "no improvement" and the learning rate is cut by 10x every couple of epochs until training stalls. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(0)

# %%
n, d = 3000, 20
X = torch.randn(n, d)
y = (X[:, :6] ** 2).sum(1, keepdim=True) - 6 + 0.3 * torch.randn(n, 1)
train_ds, val_ds = random_split(TensorDataset(X, y), [2500, 500], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=500)

# %%
model = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=1)
criterion = nn.MSELoss()

# %%
for epoch in range(10):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = sum(criterion(model(xb), yb).item() for xb, yb in val_loader) / len(val_loader)
    scheduler.step(val_loss)
    print(f"epoch {epoch} val_mse {val_loss:.3f} lr {optimizer.param_groups[0]['lr']:.0e}")
