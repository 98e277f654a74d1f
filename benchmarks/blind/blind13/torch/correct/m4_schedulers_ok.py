# corpus: correct set=modern area=4
# (blind 2026-12-07) Schedulers stepped at the right granularity: OneCycleLR after every optimizer.step(), ReduceLROnPlateau once per epoch with the validation loss. https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(1600, 10)
y = (X[:, :3].sum(1) > 0).long()
Xv = torch.randn(400, 10)
yv = (Xv[:, :3].sum(1) > 0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
EPOCHS = 6

# %%
model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
onecycle = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=EPOCHS, steps_per_epoch=len(loader))

# %%
for epoch in range(EPOCHS):
    model.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        onecycle.step()
    model.eval()
    with torch.no_grad():
        val_loss = nn.functional.cross_entropy(model(Xv), yv).item()
    print(epoch, "val", round(val_loss, 4), "lr", round(onecycle.get_last_lr()[0], 5))

# %%
opt2 = torch.optim.Adam(model.parameters(), lr=1e-3)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt2, mode="min", factor=0.5, patience=1)
for epoch in range(3):
    model.train()
    for xb, yb in loader:
        opt2.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        opt2.step()
    model.eval()
    with torch.no_grad():
        val_loss = nn.functional.cross_entropy(model(Xv), yv).item()
    plateau.step(val_loss)
    print("finetune", epoch, round(val_loss, 4), opt2.param_groups[0]["lr"])
