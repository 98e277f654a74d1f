# corpus: expect=training.data_quality
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
table = rng.normal(size=(400, 5)).astype(np.float32)
# some sensors failed: missing readings
missing = rng.random((400, 5)) < 0.05
table[missing] = np.nan
target = rng.normal(size=(400, 1)).astype(np.float32)
X = torch.from_numpy(table)
y = torch.from_numpy(target)

# %%
model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
for epoch in range(3):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    print("loss:", loss.item())
