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
for epoch in range(3):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()

# %%
# zero_grad at the end of the step, and a GAN-style pair of optimizers
def train_step(xb, yb):
    out = loss_fn(model(xb), yb)
    out.backward()
    optimizer.step()
    optimizer.zero_grad()
    return out.item()

for epoch in range(2):
    train_step(X, y)

G = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 4))
D = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
opt_G = torch.optim.Adam(G.parameters(), lr=1e-3)
opt_D = torch.optim.Adam(D.parameters(), lr=1e-3)
bce = nn.BCEWithLogitsLoss()
for step in range(3):
    fake = G(torch.randn(8, 2))
    d_loss = bce(D(fake.detach()), torch.zeros(8, 1))
    d_loss.backward()
    G.zero_grad()
    opt_D.step()
    opt_D.zero_grad()
    g_loss = bce(D(fake), torch.ones(8, 1))
    g_loss.backward()
    opt_G.step()
    opt_G.zero_grad()
