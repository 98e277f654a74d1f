# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 2, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)

# %%
for epoch in range(3):
    for i in range(0, 64, 16):
        optimizer.zero_grad()
        loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])
        loss.backward()
        optimizer.step()
    scheduler.step()

# %%
# gradient accumulation, reset every 2 batches
accum = 2
optimizer.zero_grad()
for i in range(0, 64, 16):
    loss = loss_fn(model(X[i:i + 16]), y[i:i + 16]) / accum
    loss.backward()
    if (i // 16 + 1) % accum == 0:
        optimizer.step()
        optimizer.zero_grad()
