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
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
# fine-tuning only the head is fine too
head_opt = torch.optim.SGD(model[2].parameters(), lr=0.01)

# %%
for epoch in range(2):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    head_opt.step()

# %%
# encoder + head trained together; a frozen teacher and a detached target are not trained
encoder = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
head = nn.Linear(8, 3)
teacher = nn.Linear(4, 3)
target_net = nn.Linear(4, 3)
both_opt = torch.optim.Adam(list(encoder.parameters()) + list(head.parameters()), lr=1e-3)
for epoch in range(2):
    both_opt.zero_grad()
    pred = head(encoder(X))
    with torch.no_grad():
        soft = teacher(X).softmax(1)
    loss = loss_fn(pred, y) + loss_fn(pred, soft) + loss_fn(pred, target_net(X).detach())
    loss.backward()
    both_opt.step()
