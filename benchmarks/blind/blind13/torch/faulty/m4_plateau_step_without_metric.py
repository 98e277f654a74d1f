# corpus: expect=api set=modern area=4
# (blind 2026-12-07) In the training cell ReduceLROnPlateau is stepped like any other scheduler with scheduler.step() and no monitored value, which raises TypeError (missing 'metrics'). https://github.com/ContinualAI/avalanche/issues/692
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(500, 6)
y = (X.sum(1) > 0).long()
Xv = torch.randn(100, 6)
yv = (Xv.sum(1) > 0).long()

# %%
model = nn.Linear(6, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", patience=2)

# %%
for epoch in range(5):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        val_loss = nn.functional.cross_entropy(model(Xv), yv)
    scheduler.step()
    print(epoch, loss.item(), val_loss.item())
