# corpus: expect=training.hyperparameters set=modern area=4
# (blind 2026-12-07) In the training cell OneCycleLR is built with epochs and steps_per_epoch=len(loader) but stepped once per epoch, so the schedule never leaves its warm-up phase and the learning rate stays near max_lr/25 for the whole run. https://discuss.pytorch.org/t/how-to-use-onecyclelr/111601
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(1600, 10)
y = (X[:, :3].sum(1) > 0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
EPOCHS = 8

# %%
model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=EPOCHS, steps_per_epoch=len(loader))

# %%
for epoch in range(EPOCHS):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
    scheduler.step()
    print(epoch, "loss", round(loss.item(), 4), "lr", round(scheduler.get_last_lr()[0], 5))
