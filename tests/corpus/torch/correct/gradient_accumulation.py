# corpus: correct
# %% [markdown]
# Gradient accumulation: effective batch 64 with micro-batches of 16

# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(512, 12)
y = (X[:, :4].sum(1) > 0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(12, 48), nn.ReLU(), nn.Linear(48, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()
accum_steps = 4

# %%
for epoch in range(2):
    model.train()
    optimizer.zero_grad()
    for step, (xb, yb) in enumerate(loader):
        loss = criterion(model(xb), yb) / accum_steps
        loss.backward()
        if (step + 1) % accum_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
    print("epoch", epoch, "loss", loss.item() * accum_steps)
