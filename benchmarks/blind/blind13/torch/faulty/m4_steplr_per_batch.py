# corpus: expect=training.hyperparameters set=modern area=4
# (blind 2026-12-07) In the training cell StepLR(step_size=5, gamma=0.5), meant as "halve every 5 epochs", is stepped inside the batch loop, so the learning rate is halved every 5 batches and is ~0 after the first epoch. https://runebook.dev/en/docs/pytorch/generated/torch.optim.lr_scheduler.lrscheduler/torch.optim.lr_scheduler.LRScheduler.step
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(2000, 10)
y = X @ torch.randn(10, 1) + 0.1 * torch.randn(2000, 1)
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)  # halve LR every 5 epochs

# %%
for epoch in range(10):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
        scheduler.step()
    print(epoch, "loss", round(loss.item(), 4), "lr", scheduler.get_last_lr()[0])
