# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
# the model is re-created (e.g. its cell was run again), the optimizer is not
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)   # after creating model  dlfault-fix

# %%
for epoch in range(2):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()

# %%
encoder = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
head = nn.Linear(8, 3)
enc_opt = torch.optim.Adam([*encoder.parameters(), *head.parameters()], lr=0.001)   # every model that should learn  dlfault-fix
for epoch in range(2):
    enc_opt.zero_grad()
    pred = head(encoder(X))
    loss = loss_fn(pred, y)
    loss.backward()
    enc_opt.step()
