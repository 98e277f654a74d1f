# corpus: expect=model.layers.activation also=model.type
# %% [markdown]
# Deep network for a non-linear problem (two moons style)

# %%
import math
import torch
import torch.nn as nn

torch.manual_seed(0)
t = torch.rand(512) * math.pi
moon1 = torch.stack([torch.cos(t), torch.sin(t)], 1)
moon2 = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], 1)
X = torch.cat([moon1, moon2]) + 0.1 * torch.randn(1024, 2)
y = torch.cat([torch.zeros(512), torch.ones(512)]).long()
X, y = X[:512], y[:512]

# %%
model = nn.Sequential(
    nn.Linear(2, 64),
    nn.Linear(64, 64),
    nn.Linear(64, 2),
)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
for step in range(100):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
    if step % 25 == 0:
        print(step, loss.item())
